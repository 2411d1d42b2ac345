// Holds that the lint configuration's rules reach the files they are for: its type-aware rule finds
// a promise left unawaited in every workspace (Biome runs such a rule only when it is on in the
// top-level rules: on in an override alone it read no file, and the guard ADR 0063 relies on did
// nothing), each workspace may import only what ADR 0012's table lets it, and no test is focused or
// skipped (the house style's rule: a run always runs every test).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/** One place in each kind of workspace: the rules differ by override, so each is tried. */
const probePlaces = [
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

/** For each workspace, imports of ours and whether ADR 0012 lets it make them. */
const importsFrom: Record<string, [specifier: string, allowed: boolean][]> = {
  "apps/web/src/components": [
    ["@dwipper/core/keys", true],
    ["@dwipper/site", true],
    ["@dwipper/functions/routes", false],
    ["@dwipper/testing/users", false],
    ["../../../../packages/core/src/keys", false],
  ],
  "packages/core/src": [
    ["./keys", true],
    ["@dwipper/site", false],
    ["@dwipper/functions/routes", false],
  ],
  "packages/dynamodb-engine/src": [
    ["./engine", true],
    ["@dwipper/core/keys", false],
  ],
  "packages/functions/src/http": [
    ["@dwipper/core/keys", true],
    ["@dwipper/local-cloud/accounts", false],
    ["@dwipper/web/config", false],
  ],
  stacks: [
    ["@dwipper/functions/routes", true],
    ["@dwipper/core/keys", true],
    ["@dwipper/site", true],
    ["@dwipper/local-cloud/accounts", false],
    ["@dwipper/testing/users", false],
  ],
  "packages/local-cloud/src": [
    ["@dwipper/functions/routes", true],
    ["@dwipper/dynamodb-engine/engine", true],
    ["@dwipper/testing/users", false],
    ["@dwipper/web/config", false],
  ],
  e2e: [
    ["@dwipper/testing/users", true],
    ["@dwipper/local-cloud/accounts", true],
    ["@dwipper/web/config", false],
  ],
};

/** Tests focused and skipped, in a Vitest file and a Playwright one, each on its own line. */
const focusedAndSkipped: Record<string, string> = {
  "packages/core/src/probe.test.ts": `// A probe of the lint rules.
import { it } from "vitest";
it.only("runs alone", () => {});
it.skip("never runs", () => {});
`,
  "e2e/probe.spec.ts": `// A probe of the lint rules.
import { test } from "@playwright/test";
test.only("runs alone", async () => {});
test.skip("never runs", async () => {});
`,
};

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

let root: string;
/** Every diagnostic of one lint run over all the probes. */
let diagnostics: Diagnostic[];

beforeAll(async () => {
  // The repository's configuration in a folder of its own, which git does not know: the probes
  // never touch the working tree, and the ignore files are not read.
  root = await mkdtemp(path.join(tmpdir(), "dwipper-lint-"));
  const config = JSON.parse(await readFile(path.join(repoRoot, "biome.json"), "utf8"));
  delete config.$schema;
  config.vcs = { ...config.vcs, enabled: false };
  await writeFile(path.join(root, "biome.json"), JSON.stringify(config));
  for (const place of probePlaces) {
    await mkdir(path.join(root, place), { recursive: true });
    await writeFile(path.join(root, place, "probe.ts"), probe);
  }
  for (const [file, source] of Object.entries(focusedAndSkipped)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), source);
  }
  for (const [place, lines] of Object.entries(importsFrom)) {
    await mkdir(path.join(root, place), { recursive: true });
    const source = lines.map(([specifier], index) => `import { a${index} } from "${specifier}";`);
    await writeFile(path.join(root, place, "imports.ts"), `// Imports.\n${source.join("\n")}\n`);
  }
  const biome = path.join(repoRoot, "node_modules/.bin/biome");
  // It exits 1 on the errors it finds; what it found is in its report either way.
  const output = await run(biome, ["lint", "--reporter=json", "--max-diagnostics=none", "."], {
    cwd: root,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  diagnostics = (JSON.parse(output.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
});

/** What the linter says of the probes, `path:line` for each diagnostic of `category`. */
function found(category: string): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.category === category)
    .map((diagnostic) => `${diagnostic.location.path}:${diagnostic.location.start.line}`)
    .sort();
}

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the lint rules", () => {
  it("find a promise nobody awaits in every workspace, and let one that is voided be", async () => {
    expect(found("lint/nursery/noFloatingPromises")).toEqual(
      probePlaces.map((place) => `${place}/probe.ts:6`).sort(),
    );
  });

  it("refuse each import ADR 0012 forbids its workspace, and only those", async () => {
    const forbidden = Object.entries(importsFrom).flatMap(([place, lines]) =>
      lines.flatMap(([, allowed], index) => (allowed ? [] : [`${place}/imports.ts:${index + 2}`])),
    );
    expect(found("lint/style/noRestrictedImports")).toEqual(forbidden.sort());
  });

  it("refuse a focused test and a skipped one, in Vitest and in Playwright", async () => {
    const files = Object.keys(focusedAndSkipped);
    expect(found("lint/suspicious/noFocusedTests")).toEqual(
      files.map((file) => `${file}:3`).sort(),
    );
    expect(found("lint/suspicious/noSkippedTests")).toEqual(
      files.map((file) => `${file}:4`).sort(),
    );
  });
});
