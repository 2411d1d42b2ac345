// Holds when a session is renewed, ahead of its tokens' end.

import { describe, expect, it } from "vitest";
import { refreshDelayMs } from "./session-timing";

const issuedAt = 1_000_000;

describe("refreshDelayMs", () => {
  it("renews an hour-long token five minutes before it expires", () => {
    expect(
      refreshDelayMs({ issuedAt, expiresAt: issuedAt + 3600, clockDrift: 0 }, issuedAt * 1000),
    ).toBe(3300 * 1000);
  });

  it("renews a short token a fifth of its lifetime early", () => {
    expect(
      refreshDelayMs({ issuedAt, expiresAt: issuedAt + 40, clockDrift: 0 }, issuedAt * 1000),
    ).toBe(32_000);
  });

  it("renews at once when the time has passed", () => {
    expect(refreshDelayMs({ issuedAt: 0, expiresAt: 60, clockDrift: 0 }, 120_000)).toBe(0);
  });

  it("waits as long on a computer whose clock is an hour ahead of Cognito's, or behind it", () => {
    // Read on the browser's clock alone, an hour ahead would renew at once, and every renewed
    // session again at once: a storm of renewals for as long as the tab is open.
    for (const clockDrift of [3600, -3600]) {
      const browserNowMs = (issuedAt + clockDrift) * 1000;
      expect(
        refreshDelayMs({ issuedAt, expiresAt: issuedAt + 3600, clockDrift }, browserNowMs),
        `drift ${clockDrift}`,
      ).toBe(3300 * 1000);
    }
  });
});
