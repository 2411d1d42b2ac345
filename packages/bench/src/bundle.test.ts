// P1's breakdown: what a function's bundle carries beyond the baseline's, by package or folder.
import { describe, expect, it } from "vitest";
import { describeAdded } from "./bundle";

describe("what a bundle adds to the baseline", () => {
  it("names each source that adds a kilobyte or more, largest first, after the whole difference", () => {
    const baseline = {
      file: "baseline.mjs",
      bytes: 10_000,
      bySource: new Map([["@aws-sdk/client-dynamodb", 10_000]]),
    };
    const bundle = {
      file: "feed.mjs",
      bytes: 16_800,
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
  });
});
