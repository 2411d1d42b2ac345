// The bench's summaries of repeated measurements, one rule for every figure: the value at a
// percentile of the sorted runs (the median is the 50th); NaN when nothing was measured. And how
// far a ratio of two such values could move by chance alone, so a figure near its target is read
// as what it is.
export function percentile(values: number[], p: number): number {
  return atPercentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** The value at percentile p of values already sorted, ascending. */
function atPercentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const median = (values: number[]) => percentile(values, 50);

/** A small seeded generator of numbers in [0, 1) (mulberry32), so an interval can be reproduced. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The value at percentile p of as many values as `values` holds, drawn from it with replacement. */
function resampledPercentile(values: number[], p: number, random: () => number): number {
  const drawn = new Float64Array(values.length);
  for (let n = 0; n < drawn.length; n++) {
    drawn[n] = values[Math.floor(random() * values.length)] as number;
  }
  return atPercentile(drawn.sort(), p);
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * A 90% interval of percentile(values, p) ÷ percentile(baseline, p), by the bootstrap: each side
 * is drawn again from its own samples, with replacement, `resamples` times, and the ratio taken
 * each time; the interval holds the middle 90% of those ratios. Two runs of the same code land
 * anywhere in it, so a target inside it is not told apart from the figure by this many samples.
 */
export function ratioInterval(
  values: number[],
  baseline: number[],
  p: number,
  resamples = 2_000,
): Interval {
  const random = seeded(values.length * 7_919 + baseline.length);
  const ratios: number[] = [];
  for (let n = 0; n < resamples; n++) {
    ratios.push(resampledPercentile(values, p, random) / resampledPercentile(baseline, p, random));
  }
  return { low: percentile(ratios, 5), high: percentile(ratios, 95) };
}
