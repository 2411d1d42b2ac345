// The web app: Next.js's static export on S3 + CloudFront, built with the stack's addresses.
import { DEPLOYED_AUTH_FLOW } from "../apps/web/src/config/public-config";
import { securityHeaders, viewerResponseInjection } from "../apps/web/src/config/security-headers";
import { api } from "./api";
import { userPool, webClient } from "./auth";

const region = aws.getRegionOutput().region;

export const web = new sst.aws.StaticSite("Web", {
  path: "apps/web",
  build: { command: "npm run build", output: "out" },
  environment: {
    NEXT_PUBLIC_API_URL: api.url,
    NEXT_PUBLIC_USER_POOL_ID: userPool.id,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: webClient.id,
    NEXT_PUBLIC_AUTH_FLOW: DEPLOYED_AUTH_FLOW,
  },
  // Every response carries the security headers, the strict Content Security Policy included.
  edge: {
    viewerResponse: {
      injection: $resolve([api.url, region]).apply(([apiUrl, name]) =>
        viewerResponseInjection(
          securityHeaders({ apiUrl, cognitoUrl: `https://cognito-idp.${name}.amazonaws.com` }),
        ),
      ),
    },
  },
});
