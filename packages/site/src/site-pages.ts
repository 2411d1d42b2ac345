// Which addresses are the site's own, written once for both places that serve the static export:
// the front door's CloudFront function (stacks/router.ts) answers any other address with the
// site's 404 page and a 404, as the local static server does (ADR 0035). Without it, SST's router
// would answer an unknown address with the feed, or with S3's refusal when the address merely
// begins like a page's folder ("/mess" like "/me").

/** The static export's page for an address that is none of its pages. */
export const NOT_FOUND_PAGE = "/404.html";

/** What the rule is given: the pages' folders and the files served by their own names. */
export interface SiteAddresses {
  pages: readonly string[];
  files: readonly string[];
}

/**
 * Whether `pathname` is one of the site's addresses: a file the site serves by its own name
 * (`site.files`, such as `robots.txt` or an icon: the app's metadata files and its `public`
 * folder), the build's assets under `/_next/`, or the root or a page (`site.pages` are their
 * folders, such as `user` or `dev/mailbox`) asked for as a folder or by one of the files Next.js
 * writes for a page (`index.html`, `index.txt`, `__next.….txt`). Anything else, `/wp-login.php` or
 * `/user/x.txt`, is not: in the bucket it would be S3's refusal. Written in what cloudfront-js-2.0
 * runs (ES5 with const and arrow functions), so that it also runs, as it is, inside the front
 * door's function.
 */
export function isSiteAddress(pathname: string, site: SiteAddresses): boolean {
  const parts = pathname.split("/").filter((part) => part !== "");
  if (parts[0] === "_next") return true;
  if (site.files.indexOf(parts.join("/")) !== -1) return true;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.indexOf(".") !== -1) {
    const pageFile =
      last === "index.html" ||
      last === "index.txt" ||
      (last.indexOf("__next.") === 0 && last.slice(-4) === ".txt");
    if (!pageFile) return false;
    parts.pop();
  }
  const folder = parts.join("/");
  return folder === "" || site.pages.indexOf(folder) !== -1;
}

/** CloudFront function code that binds `isSiteAddress` and the site's addresses to local names. */
function rule(site: SiteAddresses): string {
  return `const isSiteAddress = (${isSiteAddress.toString()});
const siteAddresses = ${JSON.stringify({ pages: site.pages, files: site.files })};`;
}

/**
 * For the front door's viewer-request function, before SST's router picks an origin: an address
 * that is not the site's asks S3 for the 404 page instead.
 */
export function missingPageRequestInjection(site: SiteAddresses): string {
  return `${rule(site)}
if (!isSiteAddress(event.request.uri, siteAddresses)) event.request.uri = ${JSON.stringify(NOT_FOUND_PAGE)};`;
}

/**
 * For the viewer-response function: the 404 page goes out as a 404. The request it sees is the
 * viewer's own, so the same rule finds it; the page asked for by name is a 404 too.
 */
export function missingPageResponseInjection(site: SiteAddresses): string {
  return `${rule(site)}
if (!isSiteAddress(event.request.uri, siteAddresses) || event.request.uri === ${JSON.stringify(NOT_FOUND_PAGE)}) {
  event.response.statusCode = 404;
  event.response.statusDescription = "Not Found";
}`;
}
