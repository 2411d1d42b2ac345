// The interval the bench puts beside a ratio of two percentiles: how far chance alone moves it.
import { describe, expect, it } from "vitest";
import { percentile, ratioInterval } from "./stats";

/** `count` evenly spread values from `from` up to `to`, in a shuffled order. */
const spread = (count: number, from: number, to: number) =>
  Array.from({ length: count }, (_, n) => from + ((to - from) * ((n * 37) % count)) / count);

describe("ratioInterval", () => {
  it("is one point when neither side varies", () => {
    const interval = ratioInterval(Array(200).fill(12), Array(200).fill(10), 95);
    expect(interval).toEqual({ low: 1.2, high: 1.2 });
  });

  it("holds the ratio of two samples of one spread, and is wider at p95 than at the median", () => {
    const a = spread(500, 5, 25);
    const b = spread(500, 5, 25).reverse();
    const atMedian = ratioInterval(a, b, 50);
    const atP95 = ratioInterval(a, b, 95);
    for (const interval of [atMedian, atP95]) {
      expect(interval.low).toBeLessThan(1);
      expect(interval.high).toBeGreaterThan(1);
    }
    expect(atP95.high - atP95.low).toBeGreaterThan(0);
  });

  it("lies wholly above 1 when one side is clearly slower, around the measured ratio", () => {
    const slow = spread(500, 10, 30);
    const fast = spread(500, 5, 15);
    const measured = percentile(slow, 95) / percentile(fast, 95);
    const interval = ratioInterval(slow, fast, 95);
    expect(interval.low).toBeGreaterThan(1);
    expect(interval.low).toBeLessThanOrEqual(measured);
    expect(interval.high).toBeGreaterThanOrEqual(measured);
  });

  it("narrows as the samples grow", () => {
    const width = (count: number) => {
      const interval = ratioInterval(spread(count, 5, 25), spread(count, 5, 25), 95);
      return interval.high - interval.low;
    };
    expect(width(2_000)).toBeLessThan(width(100));
  });

  it("gives the same interval for the same samples", () => {
    const a = spread(300, 1, 9);
    const b = spread(300, 2, 8);
    expect(ratioInterval(a, b, 95)).toEqual(ratioInterval(a, b, 95));
  });
});
