// Background functions run in a thread of their own per function, with this process's environment,
// their failures reaching the caller as errors, a busy one leaving this thread free, and one that
// runs past its timeout stopped with its thread, as Lambda stops its container; one throttled by
// the account's concurrency run once a slot is free, as Lambda tries it again.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { describe, expect, it, onTestFinished } from "vitest";
import { BackgroundFunctions } from "./background-functions";
import { HandlerBundles } from "./handler-bundles";
import { AccountConcurrency } from "./lambda-concurrency";

/** The test's functions, from these sources, run in threads; all of it gone when the test ends. */
async function functions(
  files: Record<string, string>,
  timeoutMs?: number,
  concurrency?: AccountConcurrency,
) {
  const dir = await mkdtemp(path.join(tmpdir(), "background-"));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const bundles = new HandlerBundles(dir, path.join(dir, "out"), false);
  const background = new BackgroundFunctions(bundles, timeoutMs, concurrency);
  onTestFinished(async () => {
    await background.stop();
    await bundles.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return background;
}

describe("BackgroundFunctions", { timeout: 20_000 }, () => {
  it("runs each function in its own thread, with this process's environment and its context", async () => {
    process.env.DWIPPER_BACKGROUND_TEST = "shared";
    const source = `import { threadId } from "node:worker_threads";
export const handler = async (event: { n: number }, context: { functionName?: string }) => ({
  thread: threadId,
  doubled: event.n * 2,
  env: process.env.DWIPPER_BACKGROUND_TEST,
  name: context.functionName,
});
`;
    const background = await functions({ "one.ts": source, "two.ts": source });
    const first = (await background.handler("one")({ n: 2 }, { functionName: "one" })) as Record<
      string,
      unknown
    >;
    const again = (await background.handler("one")({ n: 5 }, {})) as Record<string, unknown>;
    const second = (await background.handler("two")({ n: 1 }, {})) as Record<string, unknown>;
    expect(first).toMatchObject({ doubled: 4, env: "shared", name: "one" });
    expect(again.doubled).toBe(10);
    expect(first.thread).not.toBe(threadId);
    expect(again.thread).toBe(first.thread);
    expect(second.thread).not.toBe(first.thread);
  });

  it("hands each invocation the time left of its timeout, as Lambda's context does", async () => {
    const background = await functions(
      {
        "clock.ts": `export const handler = async (_event: unknown, context: { getRemainingTimeInMillis(): number }) => {
  const atStart = context.getRemainingTimeInMillis();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { atStart, later: context.getRemainingTimeInMillis() };
};
`,
      },
      5_000,
    );
    const { atStart, later } = (await background.handler("clock")({}, {})) as {
      atStart: number;
      later: number;
    };
    expect(atStart).toBeLessThanOrEqual(5_000);
    expect(atStart).toBeGreaterThan(3_000);
    expect(later).toBeLessThanOrEqual(atStart - 200);
  });

  it("fails an invocation with the function's error", async () => {
    const background = await functions({
      "failing.ts":
        'export const handler = async () => {\n  throw new TypeError("no such Dwipp");\n};\n',
    });
    await expect(background.handler("failing")({}, {})).rejects.toMatchObject({
      name: "TypeError",
      message: "no such Dwipp",
    });
  });

  it("fails an invocation that runs past its timeout, and runs the next in a fresh thread", async () => {
    const background = await functions(
      {
        "slow.ts": `import { threadId } from "node:worker_threads";
export const handler = async (event: { ms: number }) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return threadId;
};
`,
      },
      1_000,
    );
    const slow = background.handler("slow");
    const first = await slow({ ms: 0 }, {}); // built and loaded
    await expect(slow({ ms: 3_000 }, {})).rejects.toThrow("timed out after 1000 ms");
    const next = await slow({ ms: 0 }, {});
    expect(next).not.toBe(first);
  });

  it("leaves this thread free while a function is busy", async () => {
    const background = await functions({
      "busy.ts": `export const handler = async (event: { ms: number }) => {
  const until = Date.now() + event.ms;
  while (Date.now() < until) {}
  return "done";
};
`,
    });
    const busy = background.handler("busy");
    await busy({ ms: 0 }, {}); // built and loaded, so the next call only runs it
    const order: string[] = [];
    const answer = busy({ ms: 500 }, {}).then(() => order.push("function"));
    // Here, the loop would hold this thread until it ended, and the timer would come second.
    await new Promise((resolve) => setTimeout(resolve, 1));
    order.push("timer");
    await answer;
    expect(order).toEqual(["timer", "function"]);
  });

  it("runs an invocation the account's concurrency throttles once a slot is free, as Lambda tries it again", async () => {
    const account = new AccountConcurrency(1);
    const background = await functions(
      {
        "slow.ts": `export const handler = async (event: { name: string }) => {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { name: event.name, started, ended: Date.now() };
};
`,
      },
      undefined,
      account,
    );
    const run = (name: string) =>
      background.handler("slow")({ name }, {}) as Promise<{ started: number; ended: number }>;
    const [first, second] = await Promise.all([run("first"), run("second")]);
    expect(second.started).toBeGreaterThanOrEqual(first.ended);
    expect(account.tryStart()).toBeTruthy();
  });
});
