// The docs name the test that covers each behaviour (the local cloud's table of where it is as weak
// as AWS, the ADRs, the README), and the code and docs cite the decisions behind them. A renamed
// test file or title, or a decision cited by a wrong number, would leave a reader trusting what
// nothing holds: every test file the docs name exists, every title they quote after one is in it,
// and every decision cited has its record.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot as root } from "@dwipper/local-cloud/repo-root";
import { describe, expect, it } from "vitest";

const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean);
const docs = tracked.filter((file) => file.endsWith(".md"));
const testFiles = tracked.filter((file) => /\.(test|spec)\.tsx?$/.test(file));

/** A test file's name as the docs write it, in backticks, with what follows it on the line. */
const namedTest = /`([\w./-]+\.(?:test|spec)\.tsx?)`( \((?:"[^"]*"(?:, )?)+)?/g;

/**
 * The parts of a quoted title that must appear in the file: the text between its ellipses, its
 * spaces as the source has them (a doc's line may break inside a title).
 */
const fragments = (title: string) =>
  title
    .replace(/\s+/g, " ")
    .split(/…|\.\.\./)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

interface Reference {
  doc: string;
  file: string;
  titles: string[];
}

function references(): Reference[] {
  return docs.flatMap((doc) =>
    [...readFileSync(path.join(root, doc), "utf8").matchAll(namedTest)].map((match) => ({
      doc,
      file: match[1] ?? "",
      titles: [...(match[2] ?? "").matchAll(/"([^"]*)"/g)].map((title) => title[1] ?? ""),
    })),
  );
}

/** The tracked test files a name stands for: a path, or a file's name alone. */
const filesNamed = (name: string) =>
  testFiles.filter((file) => file === name || file.endsWith(`/${name}`));

describe("the tests the docs name", () => {
  const found = references();

  it("are read from the docs", () => {
    // The fidelity table alone names dozens; far fewer means the pattern stopped matching.
    expect(found.length).toBeGreaterThan(100);
    expect(found.some((reference) => reference.titles.length > 0)).toBe(true);
  });

  it("exist, each name standing for one file", () => {
    const missing = found
      .filter((reference) => filesNamed(reference.file).length !== 1)
      .map((reference) => `${reference.doc}: ${reference.file}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("hold the titles quoted after them", () => {
    const missing = found.flatMap((reference) => {
      const [file] = filesNamed(reference.file);
      if (!file) return [];
      const source = readFileSync(path.join(root, file), "utf8");
      return reference.titles
        .filter((title) => !fragments(title).every((part) => source.includes(part)))
        .map((title) => `${reference.doc}: ${reference.file} ("${title}")`);
    });
    expect(missing).toEqual([]);
  });
});

describe("the decisions the tree cites", () => {
  const decisions = new Set(
    tracked.flatMap((file) => /^docs\/decisions\/(\d{4})-/.exec(file)?.[1] ?? []),
  );
  const sources = tracked.filter((file) => /\.(md|ts|tsx)$/.test(file));

  it("each exist as a record in docs/decisions", () => {
    expect(decisions.size).toBeGreaterThan(40);
    const missing = sources.flatMap((file) => {
      const text = readFileSync(path.join(root, file), "utf8");
      const cited = [
        ...[...text.matchAll(/\bADRs? ((?:\d{4}(?:, | and | or |\/)?)+)/g)].flatMap(
          (match) => (match[1] ?? "").match(/\d{4}/g) ?? [],
        ),
        ...[...text.matchAll(/decisions\/(\d{4})/g)].flatMap((match) => match[1] ?? []),
      ];
      return cited
        .filter((number) => !decisions.has(number))
        .map((number) => `${file}: ADR ${number}`);
    });
    expect([...new Set(missing)]).toEqual([]);
  });
});
