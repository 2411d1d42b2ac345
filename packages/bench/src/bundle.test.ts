// P1's breakdown: what a function's bundle carries beyond the baseline's, by package or folder;
// and that a function carries only what it calls.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { describe, expect, it } from "vitest";
import { bundleFunction, describeAdded } from "./bundle";

const functionsRoot = path.join(repoRoot, "packages/functions/src");

describe("what a bundle adds to the baseline", () => {
  it("names each source that adds a kilobyte or more, largest first, after the whole difference", () => {
    const baseline = {
      file: "baseline.mjs",
      bytes: 10_000,
      lazyBytes: 0,
      bySource: new Map([["@aws-sdk/client-dynamodb", 10_000]]),
    };
    const bundle = {
      file: "feed.mjs",
      bytes: 16_800,
      lazyBytes: 0,
      bySource: new Map([
        ["@aws-sdk/client-dynamodb", 11_500],
        ["packages/core", 3_000],
        ["jose", 2_000],
        ["valibot", 300],
      ]),
    };
    expect(describeAdded(bundle, baseline)).toBe(
      "6.8 kB more than the baseline: packages/core 3.0 kB, jose 2.0 kB, @aws-sdk/client-dynamodb 1.5 kB",
    );
    // Less in all than the baseline, and still something of its own.
    const topicOnly = { ...bundle, bytes: 7_000, bySource: new Map([["jose", 2_000]]) };
    expect(describeAdded(topicOnly, baseline)).toBe("3.0 kB less than the baseline: jose 2.0 kB");
    expect(describeAdded({ ...bundle, lazyBytes: 26_600 }, baseline)).toMatch(
      /jose 2\.0 kB, @aws-sdk\/client-dynamodb 1\.5 kB; and 26\.6 kB loaded when first needed$/,
    );
  });
});

describe("a function's bundle", () => {
  it("carries the core code and the contract of its own route, not every domain's and route's", async () => {
    const entry = path.join(functionsRoot, "http/read-notifications.ts");
    const { file } = await bundleFunction(entry, "read-notifications");
    const code = await readFile(file, "utf8");
    // Names are kept, as SST builds: its own work (marking the inbox read, the budget it spends)
    // is there; another domain's (ranking Top, cleaning up after a deletion) is not.
    const named = ["markRead", "spend", "rerank", "purgeRecords"].filter((name) =>
      code.includes(`"${name}"`),
    );
    expect(named).toEqual(["markRead", "spend"]);
    // Nor is another route's contract.
    expect(code.includes("Everyone's Dwipps, newest first")).toBe(false);
  }, 30_000);

  it("leaves what it imports dynamically to a chunk a cold start does not load: a public read's token checker", async () => {
    const entry = path.join(functionsRoot, "http/list-feed.ts");
    const bundle = await bundleFunction(entry, "list-feed");
    const code = await readFile(bundle.file, "utf8");
    expect(code.includes('"jwtVerify"')).toBe(false);
    expect(bundle.bySource.has("jose")).toBe(false);
    expect(bundle.lazyBytes).toBeGreaterThan(20_000);
  }, 30_000);
});
