// One figure of the bench's table, said once for the run that prints it and the modules that make
// rows from what they measured.
import type { Interval } from "./stats";

export interface Row {
  id: string;
  what: string;
  value: number;
  baseline: number;
  unit: string;
  /** The ratio value / baseline must be at most this (or at least, for `atLeast`); none: a figure. */
  target?: number;
  atLeast?: boolean;
  /** Where the ratio could land by chance alone, for figures of repeated samples (a 90% interval). */
  interval?: Interval;
  /** The ratio to judge, when it is not value / baseline (a median of paired rounds' ratios). */
  ratio?: number;
}
