// Holds where the early script's tag goes in a built page: first in the head, after the charset.

import { describe, expect, it } from "vitest";
import { withEarlyScript } from "./early-script-tag";

const page =
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/><link rel="stylesheet" href="/a.css"/><script src="/_next/static/chunks/x.js" async=""></script></head><body></body></html>';

describe("withEarlyScript", () => {
  it("puts the script first in the head, after the character set, async, at high priority", () => {
    const html = withEarlyScript(page, "/_next/static/early/abc.js");
    expect(html).toContain(
      '<head><meta charSet="utf-8"/><script async fetchpriority="high" src="/_next/static/early/abc.js"></script><meta name="viewport"',
    );
    expect(html.indexOf("early/abc.js")).toBeLessThan(html.indexOf("/a.css"));
  });

  it("leaves one tag, the newest, when a build runs over the page again", () => {
    const twice = withEarlyScript(
      withEarlyScript(page, "/_next/static/early/old.js"),
      "/_next/static/early/new.js",
    );
    expect(twice.match(/_next\/static\/early\//g)).toHaveLength(1);
    expect(twice).toContain("early/new.js");
  });

  it("refuses a page without a head", () => {
    expect(() => withEarlyScript("<html><body></body></html>", "/e.js")).toThrow(/head/);
  });
});
