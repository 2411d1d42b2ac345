// What P6 reports from Lighthouse's runs: for each page a score and an LCP row against its target
// (a phone's or a desktop's), a phone page's LCP against the build's floor, and notes that give
// every run, so the targets live in one place apart from the bench's orchestration.
import type { LighthousePage, LighthouseRun } from "./lighthouse";
import type { Row } from "./row";
import { median } from "./stats";

export interface NamedPage extends LighthousePage {
  name: string;
}

/** Lighthouse's `count` runs of each of P6's pages, and of its two floors, as rows and notes. */
export function lighthouseReport(
  pages: readonly NamedPage[],
  runsByPage: readonly LighthouseRun[][],
  floors: { floor: LighthouseRun[]; textInHtml: LighthouseRun[] },
  count: number,
): { rows: Row[]; notes: string[] } {
  const each = (list: readonly LighthouseRun[]) =>
    list.map((run) => `${run.score} / ${run.lcpMs.toFixed(0)} ms`).join(", ");
  const floorLcpMs = median(floors.floor.map((run) => run.lcpMs));
  const notes = [
    `P6's floor (a page of the same build that paints one Dwipp's text as soon as React has hydrated, with no request), on a phone: ${median(floors.floor.map((run) => run.score))} points, LCP ${floorLcpMs.toFixed(0)} ms (median of ${count}).`,
    `P6 with the text in the HTML (the same build's scripts), on a phone: ${median(floors.textInHtml.map((run) => run.score))} points, LCP ${median(floors.textInHtml.map((run) => run.lcpMs)).toFixed(0)} ms (median of ${count}; each run: ${each(floors.textInHtml)}).`,
    `P6, each run (points / LCP): ${pages.map((page, index) => `${page.name}: ${each(runsByPage[index] ?? [])}`).join("; ")}.`,
  ];
  const rows: Row[] = [];
  for (const [index, page] of pages.entries()) {
    const pageRuns = runsByPage[index] ?? [];
    const phone = page.preset === "mobile";
    const lcpMs = median(pageRuns.map((run) => run.lcpMs));
    rows.push(
      {
        id: "P6",
        what: `Lighthouse performance score, ${page.name} (1k Dwipps), median of ${count}`,
        value: median(pageRuns.map((run) => run.score)),
        baseline: 100,
        unit: "points",
        // A phone's page: 90 points or more; a desktop's: 95.
        target: phone ? 0.9 : 0.95,
        atLeast: true,
      },
      {
        id: "P6",
        what: `Largest Contentful Paint, ${page.name}, vs the 'good' threshold, median of ${count}`,
        value: lcpMs,
        baseline: 2_500,
        unit: "ms",
        // A phone's page: Google's "good" 2.5 s; a desktop's: 1 s.
        target: phone ? 1 : 0.4,
      },
    );
    if (phone) {
      rows.push({
        id: "P6",
        what: `Largest Contentful Paint, ${page.name}, vs the floor's, median of ${count}`,
        value: lcpMs,
        baseline: floorLcpMs,
        unit: "ms",
      });
    }
  }
  return { rows, notes };
}
