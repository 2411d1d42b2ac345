// Pages the bench adds to the web app for one build, to measure the framework apart from the app's
// own pages: an empty page (P5's baseline); one that paints a Dwipp's text on the client as soon as
// React has hydrated, with no request (P6's floor: the soonest any client-rendered text can paint
// in this build); and one whose text is already in the HTML (what a server-rendered page could do
// at best with this build's scripts). They are removed after the build's measurements, with what the
// build made of them, leaving the checkout as it was.
import { spawnSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "@dwipper/local-cloud/repo-root";

const text = `Isn't it strange that we trust the first person who looked at an egg and thought: I will eat
      whatever comes out of that chicken? Somebody had to be first.`;
const paragraph = `<p className="whitespace-pre-wrap break-words text-[15px] leading-relaxed">
      ${text}
    </p>`;

const sources = {
  "bench-empty": "export default function Empty() {\n  return null;\n}\n",
  "bench-floor": `"use client";
import { useEffect, useState } from "react";

export default function Floor() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  return (
    ${paragraph}
  );
}
`,
  "bench-html-floor": `export default function InTheHtml() {
  return (
    ${paragraph}
  );
}
`,
} as const;

export type BenchPage = keyof typeof sources;

const webApp = path.join(repoRoot, "apps/web");

/**
 * Runs `measure` with these pages in the app at `web` (build inside it), and removes them after,
 * whether it succeeded or not.
 */
export async function withBenchPages<T>(
  pages: BenchPage[],
  measure: () => Promise<T>,
  web = webApp,
): Promise<T> {
  let measured: T;
  try {
    for (const page of pages) {
      await mkdir(source(web, page), { recursive: true });
      await writeFile(path.join(source(web, page), "page.tsx"), sources[page]);
    }
    measured = await measure();
  } catch (error) {
    // The measurement's failure is the one to report; the removal is tried all the same.
    await removeBenchPages(pages, web).catch(() => {});
    throw error;
  }
  await removeBenchPages(pages, web);
  return measured;
}

const source = (web: string, page: BenchPage) => path.join(web, "src/app", page);

/**
 * Removes the pages' sources, their exported folders in `out/`, and their names in the route types
 * a build writes to `.next/types` (regenerated for the app as it is again), which the typecheck
 * reads.
 */
async function removeBenchPages(pages: BenchPage[], web: string): Promise<void> {
  for (const page of pages) {
    await rm(source(web, page), { recursive: true, force: true });
    await rm(path.join(web, "out", page), { recursive: true, force: true });
  }
  const typegen = spawnSync(path.join(repoRoot, "node_modules/.bin/next"), ["typegen", web], {
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (typegen.status !== 0) {
    throw new Error(`Regenerating the web app's route types failed:\n${typegen.stderr}`);
  }
}
