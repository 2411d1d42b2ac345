// Which addresses are the site's, and the CloudFront code built from the same rule: run here as the
// front door runs it, it must agree with the rule it was written from.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  isSiteAddress,
  missingPageRequestInjection,
  missingPageResponseInjection,
  NOT_FOUND_PAGE,
} from "./site-pages";

const site = { pages: ["dev/mailbox", "me", "user"], files: ["icon.svg", "robots.txt"] };

const addresses: [string, boolean][] = [
  ["/", true],
  ["/index.html", true],
  ["/index.txt", true],
  ["/__next._tree.txt", true],
  ["/icon.svg", true],
  ["/robots.txt", true],
  ["/me/", true],
  ["/me", true],
  ["/user/index.html", true],
  ["/user/__next.user.__PAGE__.txt", true],
  ["/dev/mailbox/", true],
  ["/_next/static/chunks/app.js", true],
  ["/nowhere", false],
  ["/mess", false],
  ["/user/nobody", false],
  ["/dev/", false],
  ["/nowhere/index.html", false],
  // Files that are none of the site's: at the root, the router would answer the feed; in a page's
  // folder, S3 would refuse.
  ["/wp-login.php", false],
  ["/sitemap.xml", false],
  ["/__next.txt.js", false],
  ["/user/robots.txt", false],
  ["/user/photo.png", false],
];

/** The injected code run as a CloudFront function body runs it, on one event. */
function run(code: string, event: object) {
  runInNewContext(`(function () { ${code} })()`, { event });
  return event;
}

describe("the site's addresses", () => {
  it.each(addresses)("%s is the site's: %s", (pathname, expected) => {
    expect(isSiteAddress(pathname, site)).toBe(expected);
  });

  it("send any other address to the 404 page before the router picks an origin", () => {
    for (const [uri, known] of addresses) {
      const event = run(missingPageRequestInjection(site), { request: { uri } }) as {
        request: { uri: string };
      };
      expect(event.request.uri, uri).toBe(known ? uri : NOT_FOUND_PAGE);
    }
  });

  it("answer the 404 page with a 404, and leave every other answer as it is", () => {
    for (const [uri, known] of [...addresses, [NOT_FOUND_PAGE, false] as const]) {
      const event = run(missingPageResponseInjection(site), {
        request: { uri },
        response: { statusCode: 200, statusDescription: "OK" },
      }) as { response: { statusCode: number } };
      expect(event.response.statusCode, uri).toBe(known ? 200 : 404);
    }
  });
});
