// Top's windows as partitions: exactly the hours and days a window spans, and only its first hour
// holding Dwipps from before it.
import { describe, expect, it } from "vitest";
import { FEED_SHARDS } from "./item";
import { rankPartitions } from "./queries";

const values = (parts: { value: string }[]) => parts.map((part) => part.value);

describe("rankPartitions", () => {
  it("spans all time with the feed's shards", () => {
    const parts = rankPartitions("all", new Date("2026-12-02T10:30:00.000Z"));
    expect(parts).toHaveLength(FEED_SHARDS);
    expect(parts.every((part) => part.index === "topAll" && part.from === undefined)).toBe(true);
  });

  it("spans a day with the 25 hours it touches, the first one cut at the window's start", () => {
    const parts = rankPartitions("day", new Date("2026-12-02T10:30:00.000Z"));
    expect(values(parts)).toHaveLength(25);
    expect(parts[0]).toMatchObject({
      index: "topHour",
      value: "HOUR#2026-12-01T10",
      from: "2026-12-01T10:30:00.000Z",
    });
    expect(parts.at(-1)).toMatchObject({ value: "HOUR#2026-12-02T10" });
    expect(parts.slice(1).every((part) => part.from === undefined)).toBe(true);
  });

  it("spans a week with its first day's remaining hours and the days after it, today included", () => {
    const parts = rankPartitions("week", new Date("2026-12-02T10:30:00.000Z"));
    const hours = parts.filter((part) => part.index === "topHour");
    const days = parts.filter((part) => part.index === "topDay");
    expect(values(hours)).toEqual(
      Array.from({ length: 14 }, (_, n) => `HOUR#2026-11-25T${String(10 + n).padStart(2, "0")}`),
    );
    expect(hours[0]?.from).toBe("2026-11-25T10:30:00.000Z");
    expect(values(days)).toEqual([
      "DAY#2026-11-26",
      "DAY#2026-11-27",
      "DAY#2026-11-28",
      "DAY#2026-11-29",
      "DAY#2026-11-30",
      "DAY#2026-12-01",
      "DAY#2026-12-02",
    ]);
  });

  it("starts a week at midnight with its whole first day in hours", () => {
    const parts = rankPartitions("week", new Date("2026-12-02T00:00:00.000Z"));
    const hours = parts.filter((part) => part.index === "topHour");
    expect(values(hours)).toHaveLength(24);
    expect(values(parts.filter((part) => part.index === "topDay"))).toHaveLength(7);
  });
});
