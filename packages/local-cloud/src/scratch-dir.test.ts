// Scratch folders: a new one removes those a process that is gone left behind, and nothing else.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { scratchDir } from "./scratch-dir";

let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "dwipper-scratch-test-"));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** The id of a process that has run and exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid ?? 0;
}

it("removes what processes that are gone left, keeps what running ones use, and makes its own", async () => {
  const gone = await deadPid();
  const left = [
    `work-${gone}-abc123`, // its process has exited
    "work-Xy12ab", // named before folders carried their process
  ];
  const kept = [
    `work-${process.pid}-def456`, // this process's: running
    "other-Xy12ab", // another prefix: not ours to judge
  ];
  for (const name of [...left, ...kept]) await mkdir(path.join(parent, name));

  const made = await scratchDir(parent, "work-");

  expect(path.basename(made)).toMatch(new RegExp(`^work-${process.pid}-`));
  expect((await readdir(parent)).sort()).toEqual([...kept, path.basename(made)].sort());
});
