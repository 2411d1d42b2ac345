// The infra program reaches the workspaces it is built from by package name, and the root
// package.json lists none of them: SST marks a listed dependency external when it bundles the
// program, and a workspace is TypeScript source that Node cannot load as it is.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { expect, it } from "vitest";

it("lists no workspace among the root package's dependencies", () => {
  const root = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as Record<
    string,
    Record<string, string> | undefined
  >;
  const listed = [
    ...Object.keys(root.dependencies ?? {}),
    ...Object.keys(root.devDependencies ?? {}),
    ...Object.keys(root.optionalDependencies ?? {}),
  ];
  expect(listed.filter((name) => name.startsWith("@dwipper/"))).toEqual([]);
});
