// The Node.js the README promises is the one every locked dependency accepts: a bump that needs a
// newer Node (as the AWS SDK's releases after January 2027 will) fails here, not on a newcomer's
// machine (ADR 0034).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot as root } from "@dwipper/local-cloud/repo-root";
import semver from "semver";
import { describe, expect, it } from "vitest";

const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface Locked {
  engines?: { node?: string } | string[];
}

/**
 * Locked packages that ask for more than the floor and are never loaded by what runs on it, each
 * with the reason. Kept short: an entry is a promise checked below.
 */
const neverLoaded: Record<string, string> = {
  // sst's durable workflows (`sst/aws/workflow`), which the stacks do not define.
  "node_modules/@aws/durable-execution-sdk-js": "sst/aws/workflow",
};

const floorRange = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
const floor = semver.minVersion(floorRange)?.version ?? "";
const locked = (JSON.parse(read("package-lock.json")) as { packages: Record<string, Locked> })
  .packages;

/** Each locked package's own Node range, where it states one. */
const nodeRanges = new Map(
  Object.entries(locked).flatMap(([where, entry]) => {
    const engines = entry.engines;
    const range = engines && !Array.isArray(engines) ? engines.node : undefined;
    return range ? [[where, range] as const] : [];
  }),
);

/** The repository's own source files, but this one (not dependencies, not builds). */
function sourceFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (["node_modules", ".next", ".sst", ".git", ".local", "out"].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|js)$/.test(entry.name) && full !== import.meta.filename)
        found.push(full);
    }
  };
  for (const top of ["apps", "packages", "stacks", "e2e", "sst.config.ts"]) {
    const full = path.join(root, top);
    if (top.endsWith(".ts")) found.push(full);
    else walk(full);
  }
  return found;
}

describe("the Node.js floor", () => {
  it("is a version, and the README names it", () => {
    expect(floor).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = floor.split(".");
    expect(read("README.md")).toContain(`Node.js ${major}.${minor}+`);
  });

  it("is accepted by every locked dependency that runs on it", () => {
    const refusing = [...nodeRanges]
      .filter(([where, range]) => !(where in neverLoaded) && !semver.satisfies(floor, range))
      .map(([where, range]) => `${where} asks for node ${range}`);
    expect(refusing).toEqual([]);
  });

  it("has exceptions only for packages that are locked, refuse it, and are never imported", () => {
    const sources = sourceFiles();
    for (const [where, entry] of Object.entries(neverLoaded)) {
      const range = nodeRanges.get(where);
      expect(range, `${where} is no longer locked: drop its exception`).toBeDefined();
      expect(semver.satisfies(floor, range ?? "*"), `${where} accepts the floor now`).toBe(false);
      const importing = sources.filter((file) => readFileSync(file, "utf8").includes(entry));
      expect(importing, `${entry} is imported`).toEqual([]);
    }
  });
});
