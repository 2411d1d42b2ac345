// For tests of a server that runs as a child process (the engine, DynamoDB Local): a real parent
// process starts it, and then dies without stopping it, or is interrupted as a terminal's Ctrl-C
// interrupts a foreground job, so the child's lifeline and its process group are what is tried.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const tsx = createRequire(import.meta.url).resolve("tsx");

/** What a parent's module code must end with: `const server = await …` (`endpoint`, `stop()`). */
export type StartCode = string;

/** Whether anything answers HTTP at `endpoint`. */
const answers = (endpoint: string): Promise<boolean> =>
  fetch(endpoint).then(
    () => true,
    () => false,
  );

/** Runs `code` as an ES module in a fresh Node process (with tsx), and returns what it printed. */
function runParent(
  code: string,
  { ownGroup, interrupt }: { ownGroup: boolean; interrupt: boolean },
) {
  const parent = spawn(process.execPath, ["--import", tsx, "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_OPTIONS: "" },
    detached: ownGroup,
  });
  let output = "";
  return new Promise<string>((resolve) => {
    parent.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // What the terminal does on Ctrl-C: the signal goes to every process of the group.
      if (interrupt && output.includes("ready\n")) process.kill(-(parent.pid ?? 0), "SIGINT");
    });
    parent.once("exit", () => resolve(output));
  });
}

/**
 * Starts the server from a parent that exits at once without stopping it; returns the endpoint the
 * server answered on while the parent lived (undefined if it did not).
 */
export async function endpointOfAnOrphan(start: StartCode): Promise<string | undefined> {
  const output = await runParent(
    `${start}
if (await fetch(server.endpoint).then(() => true, () => false)) process.stdout.write(server.endpoint);
process.exit(0);`,
    { ownGroup: false, interrupt: false },
  );
  return output.trim() || undefined;
}

/**
 * Starts the server from a parent that leads its own process group, then interrupts the group. The
 * parent, as `npm run dev` does, still needs the server for a while (half a second) before it stops
 * it: whether the server answered then.
 */
export async function answeredAfterInterrupt(start: StartCode): Promise<boolean> {
  const output = await runParent(
    `${start}
process.on("SIGINT", async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const answered = await fetch(server.endpoint).then(() => true, () => false);
  await server.stop();
  process.stdout.write(answered ? "answered" : "gone");
  process.exit(0);
});
process.stdout.write("ready\\n");
setInterval(() => {}, 1_000);`,
    { ownGroup: true, interrupt: true },
  );
  return output === "ready\nanswered";
}

/** Waits up to `ms` for nothing to answer at `endpoint`; whether nothing did. */
export async function silentWithin(endpoint: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while ((await answers(endpoint)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !(await answers(endpoint));
}
