// Holds that the lint configuration's type-aware rule finds a promise left unawaited in every
// workspace. Biome runs such a rule only when it is on in the top-level rules: turned on in an
// override alone, it passed every file unread, and the guard ADR 0063 relies on did nothing.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/** One place in each kind of workspace: the rules differ by override, so each is tried. */
const places = [
  "packages/core/src",
  "packages/functions/src/http",
  "packages/local-cloud/src",
  "apps/web/src/components",
  "stacks",
  "e2e",
];

const probe = `// A probe of the lint rules.
async function later(): Promise<string> {
  return "value";
}
export function go(): void {
  later();
  void later();
}
`;

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

let root: string;

beforeAll(async () => {
  // The repository's configuration in a folder of its own, which git does not know: the probes
  // never touch the working tree, and the ignore files are not read.
  root = await mkdtemp(path.join(tmpdir(), "dwipper-lint-"));
  const config = JSON.parse(await readFile(path.join(repoRoot, "biome.json"), "utf8"));
  delete config.$schema;
  config.vcs = { ...config.vcs, enabled: false };
  await writeFile(path.join(root, "biome.json"), JSON.stringify(config));
  for (const place of places) {
    await mkdir(path.join(root, place), { recursive: true });
    await writeFile(path.join(root, place, "probe.ts"), probe);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the lint rules", () => {
  it("find a promise nobody awaits in every workspace, and let one that is voided be", async () => {
    const biome = path.join(repoRoot, "node_modules/.bin/biome");
    // It exits 1 on the errors it finds; what it found is in its report either way.
    const output = await run(biome, ["lint", "--reporter=json", "."], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
    );
    const report = JSON.parse(output.stdout) as { diagnostics: Diagnostic[] };
    const floating = report.diagnostics
      .filter((diagnostic) => diagnostic.category === "lint/nursery/noFloatingPromises")
      .map((diagnostic) => `${diagnostic.location.path}:${diagnostic.location.start.line}`)
      .sort();
    expect(floating).toEqual(places.map((place) => `${place}/probe.ts:6`).sort());
  });
});
