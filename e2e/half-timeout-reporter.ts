// The journeys' side of the half-timeout reporter (ADR 0062): after a run, every journey that took
// more than half its timeout, named in the same words as the Vitest suites' tests are.
import { type SlowTest, slowTest, slowTestsReport } from "@dwipper/testing/half-timeout-reporter";
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/** Playwright's config names this module, and takes its default export for the reporter. */
export default class HalfTimeoutReporter implements Reporter {
  readonly #slow: SlowTest[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    const name = test.titlePath().filter(Boolean).join(" > ");
    const slow = slowTest(name, result.duration, test.timeout);
    if (slow) this.#slow.push(slow);
  }

  onEnd(): void {
    for (const line of slowTestsReport(this.#slow)) console.log(line);
  }
}
