// `next dev` runs in a process group of its own with exit-with-parent.mjs preloaded: once the
// process that started it is gone without stopping it, the group it leads goes too, its workers
// included. Tried on real processes: a parent starts such a child, which starts a worker of its own,
// and the parent exits at once.
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const preload = pathToFileURL(
  fileURLToPath(new URL("./exit-with-parent.mjs", import.meta.url)),
).href;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("ends the dev server's process group once the process that started it is gone", {
  timeout: 30_000,
}, async () => {
  // The dev server: a worker of its own, then both pids said, then it serves on.
  const server = `const { spawn } = await import("node:child_process");
const worker = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
process.stdout.write(process.pid + " " + worker.pid + "\\n");
setInterval(() => {}, 1000);`;
  // Its parent starts it as dev-stack.ts does, passes on what it said, and exits without a stop.
  const parent = `const { spawn } = await import("node:child_process");
const child = spawn(process.execPath, ["--import", ${JSON.stringify(preload)}, "--input-type=module", "-e", ${JSON.stringify(server)}], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
child.stdout.once("data", (chunk) => { process.stdout.write(chunk); process.exit(0); });`;
  const started = spawn(process.execPath, ["--input-type=module", "-e", parent], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  started.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise((resolve) => started.once("exit", resolve));
  const pids = output.trim().split(" ").map(Number);
  // Both were running when they said so; without the preload they would serve on.
  expect(pids).toHaveLength(2);
  const deadline = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const left = pids.filter(alive);
  // A failure leaves nothing running either.
  for (const pid of left) process.kill(pid, "SIGKILL");
  expect(left).toEqual([]);
});
