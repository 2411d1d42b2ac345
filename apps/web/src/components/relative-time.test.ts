// Holds how a Dwipp's age is said ("3 min", a date).

import { describe, expect, it } from "vitest";
import { describeAge, exactTime } from "./relative-time";

describe("describeAge", () => {
  const now = Date.parse("2026-11-23T12:00:00.000Z");
  const at = (secondsFromNow: number) => new Date(now + secondsFromNow * 1000).toISOString();

  it("says just now for under a minute", () => {
    expect(describeAge("2026-11-23T11:59:30.000Z", now)).toBe("just now");
    expect(describeAge(at(59), now)).toBe("just now");
  });

  it("uses the largest whole unit", () => {
    expect(describeAge("2026-11-23T11:57:00.000Z", now)).toBe("3 min. ago");
    expect(describeAge("2026-11-23T09:00:00.000Z", now)).toBe("3 hr. ago");
    expect(describeAge("2026-11-22T12:00:00.000Z", now)).toBe("yesterday");
  });

  // The words are written out to keep Intl off a first paint; Intl's English stays their measure.
  it("words every age as Intl's short English with numeric auto does", () => {
    const intl = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
    const units = [
      ["year", 365 * 86400],
      ["month", 30 * 86400],
      ["week", 7 * 86400],
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
    ] as const;
    for (const [unit, size] of units) {
      for (const count of [-40, -3, -2, -1, 1, 2, 3, 40]) {
        const seconds = count * size + (count < 0 ? -1 : 1);
        const larger = units.find(([, bigger]) => Math.abs(seconds) >= bigger);
        if (larger?.[0] !== unit) continue;
        expect(describeAge(at(seconds), now)).toBe(intl.format(count, unit));
      }
    }
  });
});

describe("exactTime", () => {
  it("writes the moment as the reader's toLocaleString does", () => {
    const iso = "2026-11-23T12:34:56.000Z";
    expect(exactTime(iso)).toBe(new Date(iso).toLocaleString());
  });
});
