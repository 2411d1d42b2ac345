// Holds P6's targets: a phone's page 90 points and 2.5 s, a desktop's 95 points and 1 s, each
// phone page's paint also beside the build's floor.

import { describe, expect, it } from "vitest";
import { lighthouseReport } from "./lighthouse-report";

const runs = (score: number, lcpMs: number) => [
  { score, lcpMs },
  { score: score - 2, lcpMs: lcpMs + 100 },
  { score: score + 1, lcpMs: lcpMs - 100 },
];

describe("lighthouseReport", () => {
  const pages = [
    { name: "/ phone", path: "/", signedIn: false, preset: "mobile" },
    { name: "/ desktop", path: "/", signedIn: true, preset: "desktop" },
  ] as const;
  const report = lighthouseReport(
    pages,
    [runs(97, 2_100), runs(100, 550)],
    { floor: runs(98, 1_800), textInHtml: runs(99, 1_300) },
    3,
  );

  it("judges each page by the median of its runs against its own preset's targets", () => {
    expect(report.rows).toEqual([
      expect.objectContaining({ value: 97, baseline: 100, target: 0.9, atLeast: true }),
      expect.objectContaining({ value: 2_100, baseline: 2_500, target: 1 }),
      // A figure, no target: how far the page paints behind what this build could at best.
      expect.objectContaining({
        value: 2_100,
        baseline: 1_800,
        what: expect.stringMatching(/floor/),
      }),
      expect.objectContaining({ value: 100, baseline: 100, target: 0.95, atLeast: true }),
      expect.objectContaining({ value: 550, baseline: 2_500, target: 0.4 }),
    ]);
    expect(report.rows.every((row) => row.id === "P6")).toBe(true);
    expect(report.rows[2]?.target).toBeUndefined();
  });

  it("notes every run, and the floors' medians", () => {
    const notes = report.notes.join("\n");
    expect(notes).toContain("/ phone: 97 / 2100 ms, 95 / 2200 ms, 98 / 2000 ms");
    expect(notes).toContain("/ desktop: 100 / 550 ms, 98 / 650 ms, 101 / 450 ms");
    expect(notes).toContain("98 points, LCP 1800 ms (median of 3)");
    expect(notes).toContain("each run: 99 / 1300 ms, 97 / 1400 ms, 100 / 1200 ms");
  });
});
