// `npm run dev` as a person runs it: it prints where every part listens and writes the stack file;
// Ctrl-C in its terminal, or closing that terminal (its hangup, or a write to it failing first),
// stops every part and removes the file, so no server is left answering and no tool is pointed at
// a stack that is gone.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentWithin } from "@dwipper/dynamodb-engine/parent-process";
import { afterEach, expect, it } from "vitest";
import type { StackInfo } from "../local-cloud";
import { repoRoot } from "../repo-root";

const tsx = createRequire(import.meta.url).resolve("tsx");
const cli = path.join(repoRoot, "packages/local-cloud/src/dev/cli.ts");

let running: { child: ChildProcess; dataDir: string } | undefined;

afterEach(async () => {
  if (!running) return;
  if (running.child.exitCode === null && running.child.signalCode === null) {
    process.kill(-(running.child.pid ?? 0), "SIGKILL");
  }
  await rm(running.dataDir, { recursive: true, force: true });
  running = undefined;
});

/** Starts the CLI as a terminal's foreground job (a process group of its own) on free ports. */
async function startDev() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-cli-"));
  const child = spawn(process.execPath, ["--import", tsx, cli], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      DWIPPER_DATA_DIR: dataDir,
      DWIPPER_WEB_PORT: "0",
      DWIPPER_API_PORT: "0",
      DWIPPER_DYNAMODB_PORT: "0",
      DWIPPER_COGNITO_PORT: "0",
      // A build folder of its own, apart from a developer's `npm run dev` and the e2e suite's.
      NEXT_DIST_DIR: ".next-cli-test",
    },
  });
  running = { child, dataDir };
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = await Promise.race([
    new Promise<true>((resolve) => {
      const check = setInterval(() => {
        if (output.includes("Press Ctrl-C to stop.")) {
          clearInterval(check);
          resolve(true);
        }
      }, 100);
    }),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`npm run dev did not start:\n${output}`);
  const stackFile = path.join(dataDir, "stack.json");
  const stack = JSON.parse(await readFile(stackFile, "utf8")) as StackInfo;
  return { child, stack, stackFile, exited, output: () => output };
}

/** Whether nothing answers any more at each of the stack's addresses. */
async function allSilent(stack: StackInfo): Promise<boolean> {
  const addresses = [stack.webUrl, stack.apiUrl, stack.dynamodb.endpoint, stack.cognito.endpoint];
  const silent = await Promise.all(addresses.map((address) => silentWithin(address, 10_000)));
  return silent.every(Boolean);
}

it("prints every address, and stops every part on Ctrl-C", { timeout: 120_000 }, async () => {
  const dev = await startDev();
  for (const address of [dev.stack.webUrl, dev.stack.apiUrl, dev.stack.dynamodb.endpoint]) {
    expect(dev.output()).toContain(address);
  }
  // A data folder set outside the repository is named as it was set.
  expect(dev.output()).toContain(`Data is kept in ${path.dirname(dev.stackFile)}/.`);
  expect(dev.output()).toContain(`Stack file  ${dev.stackFile}`);
  expect((await fetch(`${dev.stack.webUrl}/login/`)).status).toBe(200);

  // What a terminal does on Ctrl-C: the signal goes to the whole foreground group.
  process.kill(-(dev.child.pid ?? 0), "SIGINT");
  expect(await dev.exited).toEqual({ code: 0, signal: null });
  expect(dev.output()).toContain("Stopped.");
  expect(existsSync(dev.stackFile)).toBe(false);
  expect(await allSilent(dev.stack)).toBe(true);
});

it("stops every part when its terminal is closed", { timeout: 120_000 }, async () => {
  const dev = await startDev();
  // The terminal is gone: nothing reads the output, so writes to it fail, and the group is hung up.
  dev.child.stdout?.destroy();
  dev.child.stderr?.destroy();
  process.kill(-(dev.child.pid ?? 0), "SIGHUP");
  expect(await dev.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(dev.stackFile)).toBe(false);
  expect(await allSilent(dev.stack)).toBe(true);
});

it("stops every part when its output is gone before any hangup arrives", {
  timeout: 120_000,
}, async () => {
  const dev = await startDev();
  // The terminal is gone, but the hangup has not arrived: the next line the stack writes (the
  // request log of a read) fails, and that is taken as the terminal gone, not as a crash.
  dev.child.stdout?.destroy();
  dev.child.stderr?.destroy();
  await fetch(`${dev.stack.apiUrl}/dwipps`).catch(() => undefined);
  expect(await dev.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(dev.stackFile)).toBe(false);
  expect(await allSilent(dev.stack)).toBe(true);
});
