// The engine as a child process: it stops when told, and on its own when its parent is gone.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const tsx = createRequire(import.meta.url).resolve("tsx");
const processModule = fileURLToPath(new URL("./process.ts", import.meta.url));

const answers = (port: number) =>
  fetch(`http://localhost:${port}`).then(
    () => true,
    () => false,
  );

it("stops by itself when the process that started it dies without stopping it", {
  timeout: 30_000,
}, async () => {
  // A parent that starts the engine, says where it is, and exits at once.
  const script = `import { startEngineProcess } from ${JSON.stringify(processModule)};
const engine = await startEngineProcess({ port: 0 });
process.stdout.write(String(engine.port));
process.exit(0);`;
  const parent = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  let output = "";
  parent.stdout.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise((resolve) => parent.once("exit", resolve));
  const port = Number(output.trim());
  expect(port).toBeGreaterThan(0);
  expect(await answers(port)).toBe(true);
  const deadline = Date.now() + 10_000;
  while ((await answers(port)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await answers(port)).toBe(false);
});

it("keeps answering when a Ctrl-C reaches its parent's process group, until the parent stops it", {
  timeout: 30_000,
}, async () => {
  // A parent as `npm run dev` is one: on SIGINT it still has work that needs the engine (the
  // stream's pollers finish their delivery), then stops the engine itself.
  const script = `import { startEngineProcess } from ${JSON.stringify(processModule)};
const engine = await startEngineProcess({ port: 0 });
process.on("SIGINT", async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const answered = await fetch("http://localhost:" + engine.port).then(() => true, () => false);
  await engine.stop();
  process.stdout.write(answered ? "answered" : "gone");
  process.exit(0);
});
process.stdout.write("ready\\n");
setInterval(() => {}, 1_000);`;
  // The parent leads a process group of its own, as a terminal's foreground job does.
  const parent = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_OPTIONS: "" },
    detached: true,
  });
  let output = "";
  const ready = new Promise<void>((resolve) =>
    parent.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("ready")) resolve();
    }),
  );
  const exited = new Promise((resolve) => parent.once("exit", resolve));
  await ready;
  // What the terminal does on Ctrl-C: the signal goes to every process of the group.
  process.kill(-(parent.pid ?? 0), "SIGINT");
  await exited;
  expect(output).toBe("ready\nanswered");
});
