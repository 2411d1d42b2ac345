// The bucket every local request-rate limit refills by.
import { describe, expect, it } from "vitest";
import { tokenBucket } from "./token-bucket";

describe("tokenBucket", () => {
  it("lets a burst through, then refills at the rate", () => {
    let now = 0;
    const admit = tokenBucket({ rateLimit: 10, burstLimit: 3 }, () => now);
    expect([admit(), admit(), admit(), admit()]).toEqual([true, true, true, false]);
    now += 100;
    expect([admit(), admit()]).toEqual([true, false]);
    now += 10_000;
    expect(Array.from({ length: 4 }, admit)).toEqual([true, true, true, false]);
  });
});
