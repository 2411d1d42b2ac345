// The web app's front door: a CloudFront distribution that exists before the API and the site, so
// the API can admit exactly this origin and the site can still be built with the API's URL, with no
// cycle between them (ADR 0007). Every response carries the security headers, the strict Content
// Security Policy included.
import { securityHeaders, viewerResponseInjection } from "@dwipper/site/security-headers";
import {
  missingPageRequestInjection,
  missingPageResponseInjection,
} from "@dwipper/site/site-pages";
import { siteFiles, sitePages } from "./site-addresses";

const region = aws.getRegionOutput().region;

const site = { pages: sitePages(), files: siteFiles() };

export const router = new sst.aws.Router("Front", {
  edge: {
    // An address that is none of the site's pages gets the site's 404 page, as a 404 (ADR 0035).
    viewerRequest: { injection: missingPageRequestInjection(site) },
    viewerResponse: {
      injection: region.apply(
        (name) =>
          `${viewerResponseInjection(
            securityHeaders({
              // The API's own URL would make the front depend on the API, whose CORS depends on
              // the front; the page may talk to HTTP APIs of this region only.
              apiUrl: `https://*.execute-api.${name}.amazonaws.com`,
              cognitoUrl: `https://cognito-idp.${name}.amazonaws.com`,
            }),
          )}\n${missingPageResponseInjection(site)}`,
      ),
    },
  },
});

/**
 * Where `npx sst dev` serves the web app: StaticSite runs the app's own dev server (`next dev`) on
 * this machine instead of deploying it, so in dev mode the API admits this origin too.
 */
export const DEV_SITE_URL = "http://localhost:3000";

/** The origins the web app's pages are served from: the front door, and in dev mode the dev site. */
export const webOrigins = $dev ? [router.url, DEV_SITE_URL] : [router.url];
