// The reporter that names tests past half their timeout must name exactly those, and say nothing
// of a run without any.
import { describe, expect, it } from "vitest";
import { slowTest, slowTestsReport } from "./half-timeout-reporter";

describe("the half-timeout reporter", () => {
  it("names a test that took more than half its timeout, and no other", () => {
    expect(slowTest("crowd", 30_001.4, 60_000)).toEqual({
      name: "crowd",
      durationMs: 30_001,
      timeoutMs: 60_000,
    });
    expect(slowTest("exactly half", 30_000, 60_000)).toBeUndefined();
    expect(slowTest("quick", 100, 30_000)).toBeUndefined();
    expect(slowTest("no timeout", 100_000, undefined)).toBeUndefined();
    expect(slowTest("timeout turned off", 100_000, 0)).toBeUndefined();
  });

  it("prints each slow test with both times, and nothing for a run without one", () => {
    expect(slowTestsReport([])).toEqual([]);
    expect(
      slowTestsReport([
        { name: "a > b", durationMs: 16_000, timeoutMs: 30_000 },
        { name: "c", durationMs: 70_000, timeoutMs: 120_000 },
      ]),
    ).toEqual([
      "2 test(s) took more than half their timeout:",
      "  a > b: 16000 ms of 30000 ms",
      "  c: 70000 ms of 120000 ms",
    ]);
  });
});
