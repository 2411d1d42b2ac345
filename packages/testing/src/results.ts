// Rows of the reliability run's summary table. Outside a reliability run (no results file) the
// tests still run and assert; they just have nowhere to report.
import { appendFile } from "node:fs/promises";
import { inject } from "vitest";
import "./provided-context";

export interface ResultRow {
  test: string;
  /** Requests, operations or cases tried. */
  tried: number;
  /** Of those, the ones that behaved as promised. */
  passed: number;
  /** Records lost, half-written or double counted. */
  lostData: number;
  /** Figures worth printing beside the row (throughput, latencies…). */
  detail?: string;
}

export async function recordResult(row: ResultRow): Promise<void> {
  const file = inject("resultsFile");
  if (file) await appendFile(file, `${JSON.stringify(row)}\n`);
}
