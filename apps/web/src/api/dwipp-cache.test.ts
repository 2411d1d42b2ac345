// Where the live feed's poll starts: on the server's clock, whatever this browser's says; and what a
// person is told when a change fails, which depends on whether it may have been made all the same.
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { failedChangeNotice, mayHaveLanded, pollSince } from "./dwipp-cache";

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

describe("a change that failed", () => {
  const words = { notMade: "Not saved.", undone: "It was undone.", mayHave: "It may have landed." };

  it("is surely undone when the API refused it or it was never sent", () => {
    for (const error of [
      new ApiError(403, "forbidden", "Only the author may change it."),
      new ApiError(404, "not_found", "That is not there any more."),
      new ApiError(429, "rate_limited", "Dwipper is busy. Try again in a moment.", 12),
      new ApiError(0, "sign-in-busy", "Sign-in is busy right now."),
    ]) {
      expect(mayHaveLanded(error), error.code).toBe(false);
      expect(failedChangeNotice(error, words)).toBe(`${error.message} It was undone.`);
    }
  });

  it("may have landed when the answer was a 5xx or never came", () => {
    for (const error of [
      new ApiError(503, "unavailable", "The service is busy. Please try again shortly.", 1),
      new ApiError(500, "internal", "Something went wrong. Please try again."),
      new ApiError(0, "network", "We could not reach Dwipper. Check your connection."),
      new TypeError("Failed to fetch"),
    ]) {
      expect(mayHaveLanded(error), String(error)).toBe(true);
      expect(failedChangeNotice(error, words)).toMatch(
        /It may have landed\. The page shows what Dwipper has\.$/,
      );
    }
    expect(failedChangeNotice(new TypeError("Failed to fetch"), words)).toMatch(/^Not saved\. /);
  });
});
