// Pages the bench adds to the web app for one build, to measure the framework apart from the app's
// own pages: an empty page (P5's baseline); one that paints a Dwipp's text on the client as soon as
// React has hydrated, with no request (P6's floor: the soonest any client-rendered text can paint
// in this build); and one whose text is already in the HTML (what a server-rendered page could do
// at best with this build's scripts). They are removed after the build's measurements, leaving the
// checkout as it was.
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

const folder = (page: BenchPage) => path.join(repoRoot, "apps/web/src/app", page);

/** Runs `measure` with these pages in the app (build inside it), and removes them after. */
export async function withBenchPages<T>(pages: BenchPage[], measure: () => Promise<T>): Promise<T> {
  try {
    for (const page of pages) {
      await mkdir(folder(page), { recursive: true });
      await writeFile(path.join(folder(page), "page.tsx"), sources[page]);
    }
    return await measure();
  } finally {
    for (const page of pages) await rm(folder(page), { recursive: true, force: true });
  }
}
