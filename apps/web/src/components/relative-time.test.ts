import { describe, expect, it } from "vitest";
import { describeAge } from "./relative-time";

describe("describeAge", () => {
  const now = Date.parse("2026-11-23T12:00:00.000Z");

  it("says just now for under a minute", () => {
    expect(describeAge("2026-11-23T11:59:30.000Z", now)).toBe("just now");
  });

  it("uses the largest whole unit", () => {
    expect(describeAge("2026-11-23T11:57:00.000Z", now)).toBe("3 min. ago");
    expect(describeAge("2026-11-23T09:00:00.000Z", now)).toBe("3 hr. ago");
    expect(describeAge("2026-11-22T12:00:00.000Z", now)).toBe("yesterday");
  });
});
