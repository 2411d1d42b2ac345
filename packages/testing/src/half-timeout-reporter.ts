// A test must finish well within half its timeout, even with another stack on the same cores
// (ADR 0062). One that drifts toward its limit passes until the day it fails, so after each run
// this reporter names every test that took more than half its own timeout, with both times, while
// the run is still green. It fails nothing: how long a test took on a busy machine is a thing to
// look into, not an assertion (speed is the bench's to measure).
import type { Reporter, TestCase } from "vitest/node";

export interface SlowTest {
  name: string;
  durationMs: number;
  timeoutMs: number;
}

/** The test, if it took more than half its timeout. */
export function slowTest(
  name: string,
  durationMs: number,
  timeoutMs: number | undefined,
): SlowTest | undefined {
  if (!timeoutMs || durationMs <= timeoutMs / 2) return undefined;
  return { name, durationMs: Math.round(durationMs), timeoutMs };
}

/** What the reporter prints for the slow tests of a run: nothing when there are none. */
export function slowTestsReport(slow: SlowTest[]): string[] {
  if (slow.length === 0) return [];
  return [
    `${slow.length} test(s) took more than half their timeout:`,
    ...slow.map((test) => `  ${test.name}: ${test.durationMs} ms of ${test.timeoutMs} ms`),
  ];
}

/** Vitest's config names this module, and takes its default export for the reporter. */
export default class HalfTimeoutReporter implements Reporter {
  readonly #slow: SlowTest[] = [];

  onTestCaseResult(test: TestCase): void {
    const slow = slowTest(test.fullName, test.diagnostic()?.duration ?? 0, test.options.timeout);
    if (slow) this.#slow.push(slow);
  }

  onTestRunEnd(): void {
    for (const line of slowTestsReport(this.#slow)) console.log(line);
  }
}
