// The bench's summaries of repeated measurements, one rule for every figure: the value at a
// percentile of the sorted runs (the median is the 50th); NaN when nothing was measured.
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const median = (values: number[]) => percentile(values, 50);
