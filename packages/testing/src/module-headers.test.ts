// The house style has every module open with a line on why it exists, and the import sorter moves a
// comment that touches the first import down with it. This holds the rule for every tracked script:
// after a directive ("use client") or a shebang, the first thing in the file is a comment.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot as root } from "@dwipper/local-cloud/repo-root";
import { describe, expect, it } from "vitest";

const scripts = execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.mjs", "*.js"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter(Boolean);

/** The first line that says something: not blank, not a directive, not a shebang. */
function openingLine(source: string): string | undefined {
  return source
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "" && !/^["']use \w+["'];?$/.test(line) && !line.startsWith("#!"));
}

const opensWithComment = (source: string) => /^(\/\/|\/\*)/.test(openingLine(source) ?? "");

describe("module headers", () => {
  it("tell a comment from code at the top of a file", () => {
    expect(opensWithComment('"use client";\n// Why.\n\nimport a from "a";\n')).toBe(true);
    expect(opensWithComment("#!/usr/bin/env node\n/** Why. */\nexport {};\n")).toBe(true);
    expect(opensWithComment('"use client";\nimport a from "a";\n// Why.\n')).toBe(false);
    expect(opensWithComment("export default {};\n")).toBe(false);
  });

  it("open every tracked script with a line on why it exists", () => {
    expect(scripts.length).toBeGreaterThan(100);
    const without = scripts.filter(
      (file) => !opensWithComment(readFileSync(path.join(root, file), "utf8")),
    );
    expect(without).toEqual([]);
  });
});
