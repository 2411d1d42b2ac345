import { describe, expect, it } from "vitest";
import { refreshDelayMs } from "./session-timing";

describe("refreshDelayMs", () => {
  it("renews an hour-long token five minutes before it expires", () => {
    const issuedAt = 1_000_000;
    expect(refreshDelayMs({ issuedAt, expiresAt: issuedAt + 3600 }, issuedAt * 1000)).toBe(
      3300 * 1000,
    );
  });

  it("renews a short token a fifth of its lifetime early", () => {
    const issuedAt = 1_000_000;
    expect(refreshDelayMs({ issuedAt, expiresAt: issuedAt + 40 }, issuedAt * 1000)).toBe(32_000);
  });

  it("renews at once when the time has passed", () => {
    expect(refreshDelayMs({ issuedAt: 0, expiresAt: 60 }, 120_000)).toBe(0);
  });
});
