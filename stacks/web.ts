// The web app: Next.js's static export on S3, served through the front door, built with the stack's
// addresses.
import { siteFileOptions } from "@dwipper/site/cache-control";
import { publicConfigEnvironment } from "@dwipper/site/public-config";
import { api } from "./api";
import { userPool, webClient } from "./auth";
import { DEV_SITE_URL, router } from "./router";

export const web = new sst.aws.StaticSite("Web", {
  path: "apps/web",
  build: { command: "npm run build", output: "out" },
  environment: publicConfigEnvironment<$util.Input<string>>({
    apiUrl: api.url,
    userPoolId: userPool.id,
    userPoolClientId: webClient.id,
  }),
  // Only the content-named assets are kept for a year; SST's default would keep a page's payloads
  // and the metadata files across deploys (ADR 0052).
  assets: { fileOptions: siteFileOptions },
  router: { instance: router },
  // `npx sst dev` runs the app's dev server with the same environment, at the origin the API admits.
  dev: { command: "npm run dev", url: DEV_SITE_URL },
});
