// Where the live feed's poll starts: on the server's clock, whatever this browser's says.
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { describe, expect, it } from "vitest";
import { pollSince } from "./dwipp-cache";

const posted = (createdAt: string) => ({ createdAt }) as Dwipp;

describe("pollSince", () => {
  it("starts after the newest Dwipp the feed shows, in whatever order it shows them", () => {
    expect(
      pollSince([
        posted("2026-12-06T10:00:00.000Z"),
        posted("2026-12-06T10:05:00.000Z"),
        posted("2026-12-06T09:00:00.000Z"),
      ]),
    ).toBe("2026-12-06T10:05:00.000Z");
  });

  it("asks for any Dwipp when the feed shows none, never from this browser's clock", () => {
    // A clock an hour ahead would have hidden every Dwipp posted in the hour to come.
    expect(pollSince([])).toBe("1970-01-01T00:00:00.000Z");
  });
});
