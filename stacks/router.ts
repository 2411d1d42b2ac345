// The web app's front door: a CloudFront distribution that exists before the API and the site, so
// the API can admit exactly this origin and the site can still be built with the API's URL, with no
// cycle between them (ADR 0007). Every response carries the security headers, the strict Content
// Security Policy included.
import { securityHeaders, viewerResponseInjection } from "../apps/web/src/config/security-headers";

const region = aws.getRegionOutput().region;

export const router = new sst.aws.Router("Front", {
  edge: {
    viewerResponse: {
      injection: region.apply((name) =>
        viewerResponseInjection(
          securityHeaders({
            // The API's own URL would make the front depend on the API, whose CORS depends on the
            // front; the page may talk to HTTP APIs of this region only.
            apiUrl: `https://*.execute-api.${name}.amazonaws.com`,
            cognitoUrl: `https://cognito-idp.${name}.amazonaws.com`,
          }),
        ),
      ),
    },
  },
});
