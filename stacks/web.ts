// The web app: Next.js's static export on S3, served through the front door, built with the stack's
// addresses.
import { DEPLOYED_AUTH_FLOW } from "../apps/web/src/config/public-config";
import { api } from "./api";
import { userPool, webClient } from "./auth";
import { DEV_SITE_URL, router } from "./router";

export const web = new sst.aws.StaticSite("Web", {
  path: "apps/web",
  build: { command: "npm run build", output: "out" },
  environment: {
    NEXT_PUBLIC_API_URL: api.url,
    NEXT_PUBLIC_USER_POOL_ID: userPool.id,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: webClient.id,
    NEXT_PUBLIC_AUTH_FLOW: DEPLOYED_AUTH_FLOW,
  },
  router: { instance: router },
  // `npx sst dev` runs the app's dev server with the same environment, at the origin the API admits.
  dev: { command: "npm run dev", url: DEV_SITE_URL },
});
