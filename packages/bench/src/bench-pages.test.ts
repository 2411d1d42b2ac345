// The bench's temporary pages leave nothing behind: not their sources, not their exported folders,
// and not their names in the route types the typecheck reads (a run of the bench once left the
// typecheck failing on a page that no longer existed).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withBenchPages } from "./bench-pages";

let web: string;

beforeEach(async () => {
  // A small Next.js app of its own inside the checkout (where `next` and React resolve), not the
  // web app, which another suite may be building.
  await mkdir(path.join(repoRoot, ".local"), { recursive: true });
  web = await mkdtemp(path.join(repoRoot, ".local/bench-pages-"));
  await mkdir(path.join(web, "src/app"), { recursive: true });
  await writeFile(
    path.join(web, "src/app/layout.tsx"),
    "export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html><body>{children}</body></html>;\n}\n",
  );
  await writeFile(
    path.join(web, "src/app/page.tsx"),
    "export default function Home() {\n  return null;\n}\n",
  );
  await mkdir(path.join(web, "out"), { recursive: true });
  await writeFile(path.join(web, "out/index.html"), "<p>home</p>");
});

afterEach(() => rm(web, { recursive: true, force: true }));

/** What a build does with the app's pages, as far as these tests look: route types and folders. */
async function build(pages: string[]): Promise<void> {
  const typegen = spawnSync(path.join(repoRoot, "node_modules/.bin/next"), ["typegen", web], {
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  expect(typegen.status, typegen.stderr).toBe(0);
  for (const page of pages) {
    await mkdir(path.join(web, "out", page), { recursive: true });
    await writeFile(path.join(web, "out", page, "index.html"), "<p></p>");
  }
}

const routeTypes = () => readFile(path.join(web, ".next/types/validator.ts"), "utf8");

describe("the bench's temporary pages", () => {
  it("are in the app while it measures, and gone after with their output and route types", async () => {
    const during = await withBenchPages(
      ["bench-empty", "bench-floor"],
      async () => {
        await build(["bench-empty", "bench-floor"]);
        return {
          source: existsSync(path.join(web, "src/app/bench-floor/page.tsx")),
          types: await routeTypes(),
        };
      },
      web,
    );
    expect(during.source).toBe(true);
    expect(during.types).toContain("bench-empty");
    expect(during.types).toContain("bench-floor");

    expect(existsSync(path.join(web, "src/app/bench-floor"))).toBe(false);
    expect(existsSync(path.join(web, "src/app/bench-empty"))).toBe(false);
    expect(existsSync(path.join(web, "out/bench-floor"))).toBe(false);
    expect(existsSync(path.join(web, "out/bench-empty"))).toBe(false);
    const after = await routeTypes();
    expect(after).not.toContain("bench-");
    // The app's own page and output stay.
    expect(after).toContain("src/app/page.js");
    expect(await readFile(path.join(web, "out/index.html"), "utf8")).toBe("<p>home</p>");
  });

  it("are removed when the measurement fails, and its error is the one thrown", async () => {
    await expect(
      withBenchPages(
        ["bench-html-floor"],
        async () => {
          await build(["bench-html-floor"]);
          throw new Error("the build broke");
        },
        web,
      ),
    ).rejects.toThrow("the build broke");
    expect(existsSync(path.join(web, "src/app/bench-html-floor"))).toBe(false);
    expect(existsSync(path.join(web, "out/bench-html-floor"))).toBe(false);
    expect(await routeTypes()).not.toContain("bench-");
  });
});
