// Holds the web app's reading of the server's clock, by which it dates Dwipps.

import { describe, expect, it } from "vitest";
import { noteServerDate, serverNow } from "./server-clock";

describe("serverNow", () => {
  it("follows the server's Date when this browser's clock is an hour ahead or behind", () => {
    for (const hour of [3_600_000, -3_600_000]) {
      const received = Date.now();
      // The server's time is the browser's minus its error.
      noteServerDate(new Date(received - hour).toUTCString(), received);
      expect(Math.abs(serverNow() - (Date.now() - hour)), `off by ${hour}`).toBeLessThan(2_000);
    }
  });

  it("takes a Date a second or two apart for travel and whole seconds, not a wrong clock", () => {
    const received = Date.now();
    noteServerDate(new Date(received - 1_500).toUTCString(), received);
    expect(Math.abs(serverNow() - Date.now())).toBeLessThan(50);
  });

  it("keeps what it knew when an answer has no readable Date", () => {
    const received = Date.now();
    noteServerDate(new Date(received + 3_600_000).toUTCString(), received);
    noteServerDate(null, received);
    noteServerDate("not a date", received);
    expect(serverNow() - Date.now()).toBeGreaterThan(3_590_000);
  });
});
