// Holds what P8's site measurement counts: every request that leaves the browser for the site, a
// 304 included, and nothing the browser's cache answers, over TLS as CloudFront serves it.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serveStaticSite } from "@dwipper/local-cloud/dev/static-site";
import type { Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meter, trustingBrowser } from "./site-traffic";

let root: string;
let site: { server: Server; url: string };
let browser: Browser;
const served: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dwipper-traffic-"));
  await mkdir(path.join(root, "_next/static"), { recursive: true });
  // A page, a content-named script (kept), and a payload the script fetches (revalidated).
  await writeFile(
    path.join(root, "index.html"),
    '<!DOCTYPE html><html><head><script src="/_next/static/app.js"></script></head><body>Hi</body></html>',
  );
  await writeFile(
    path.join(root, "_next/static/app.js"),
    'fetch("/index.txt").then((r) => r.text()).then((t) => { document.body.dataset.got = t; });',
  );
  await writeFile(path.join(root, "index.txt"), "payload");
  site = await serveStaticSite(root, 0, {}, { secure: true });
  site.server.on(
    "request",
    (
      request: { url?: string },
      response: { statusCode: number; on: (e: "finish", f: () => void) => void },
    ) => response.on("finish", () => served.push(`${response.statusCode} ${request.url}`)),
  );
  // Starting Chromium is set-up, not what the test holds: on a busy machine it has taken seconds.
  browser = await trustingBrowser();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site.server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe("the site's traffic", () => {
  it("counts a cold load whole, then a warm one's page and revalidation, not its cached script", {
    timeout: 15_000,
  }, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Nothing here fetches later: half a second of quiet ends a load.
      const traffic = await meter(context, page, new URL(site.url).origin, 500);
      const load = async () => {
        await page.goto(`${site.url}/`);
        await page.locator("body[data-got=payload]").waitFor();
        return traffic.settled();
      };
      const cold = await load();
      expect(cold.requests).toBe(served.length);
      expect(cold.requests).toBeGreaterThanOrEqual(3);
      const coldServed = served.length;
      const warm = await load();
      // The page and the payload's revalidation went out; the script came from the cache.
      const warmServed = served.slice(coldServed);
      expect(warmServed.filter((line) => line.endsWith(" /_next/static/app.js"))).toEqual([]);
      // Asked with its tag, as a browser that trusts the site asks: answered 304.
      expect(warmServed).toEqual(expect.arrayContaining(["200 /", "304 /index.txt"]));
      expect(warm.requests).toBe(warmServed.length);
      expect(warm.bytes).toBeGreaterThan(0);
      expect(warm.bytes).toBeLessThan(cold.bytes);
    } finally {
      await context.close();
    }
  });
});
