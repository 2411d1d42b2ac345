// Background functions run in a thread of their own per function, in instances that serve one
// invocation at a time (invocations at once get instances of their own), with this process's
// environment, their failures reaching the caller as errors, a busy one leaving this thread free,
// and one that runs past its timeout (counted from when its instance is ready) failed and its
// instance dropped, as Lambda starts its container afresh (a thread stuck in a loop stopped); one throttled by the account's concurrency
// run once a slot is free, as Lambda tries it again; one that needs more than its memory stopped
// with its thread, and a thread left idle retired, so the next starts cold; what an invocation
// left running once it answered waits until its instance runs again, as a frozen environment.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { countingEndpoint } from "@dwipper/testing/counting-endpoint";
import { describe, expect, it, onTestFinished } from "vitest";
import { BackgroundFunctions, type InstanceLimits } from "./background-functions";
import { HandlerBundles } from "./handler-bundles";
import { ConcurrencyLimit } from "./lambda-concurrency";

/** The test's functions, from these sources, run in threads; all of it gone when the test ends. */
async function functions(
  files: Record<string, string>,
  timeoutMs?: number,
  concurrency?: ConcurrencyLimit,
  limits?: InstanceLimits,
  instancesPerFunction?: number,
) {
  const dir = await mkdtemp(path.join(tmpdir(), "background-"));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const bundles = new HandlerBundles(
    dir,
    path.join(dir, "out"),
    false,
    undefined,
    instancesPerFunction,
  );
  const background = new BackgroundFunctions(bundles, timeoutMs, concurrency, limits);
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

  it("runs invocations at once in instances of their own, each serving one at a time; a later one runs warm", async () => {
    const background = await functions({
      "counted.ts": `import { randomUUID } from "node:crypto";
const instance = randomUUID();
let running = 0;
let served = 0;
export const handler = async (event: { ms: number }) => {
  running++;
  served++;
  const atOnce = running;
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  running--;
  return { instance, atOnce, served };
};
`,
    });
    type Answer = { instance: string; atOnce: number; served: number };
    const counted = (ms: number) => background.handler("counted")({ ms }, {}) as Promise<Answer>;
    const together = await Promise.all([counted(300), counted(300), counted(300)]);
    expect(new Set(together.map((answer) => answer.instance)).size).toBe(3);
    expect(together.map((answer) => [answer.atOnce, answer.served])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    // Each instance idle again: the next invocation takes one of them, warm, its module state kept.
    const later = await counted(0);
    expect(together.map((answer) => answer.instance)).toContain(later.instance);
    expect(later).toMatchObject({ atOnce: 1, served: 2 });
  });

  it("runs no more instances of a function at once than its bound; the next invocation waits for one", async () => {
    const background = await functions(
      {
        "timed.ts": `import { randomUUID } from "node:crypto";
const instance = randomUUID();
export const handler = async () => {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { instance, started, ended: Date.now() };
};
`,
      },
      undefined,
      undefined,
      undefined,
      2,
    );
    type Answer = { instance: string; started: number; ended: number };
    const timed = () => background.handler("timed")({}, {}) as Promise<Answer>;
    const answers = await Promise.all([timed(), timed(), timed()]);
    expect(new Set(answers.map((answer) => answer.instance)).size).toBe(2);
    const [first, second, third] = answers.toSorted((a, b) => a.started - b.started) as [
      Answer,
      Answer,
      Answer,
    ];
    expect(third.started).toBeGreaterThanOrEqual(Math.min(first.ended, second.ended));
  });

  it("hands each invocation the time left of its timeout, as Lambda's context does", async () => {
    const background = await functions(
      {
        "clock.ts": `export const handler = async (_event: unknown, context: { getRemainingTimeInMillis(): number }) => {
  const atStart = context.getRemainingTimeInMillis();
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { atStart, waited: Date.now() - started, later: context.getRemainingTimeInMillis() };
};
`,
      },
      5_000,
    );
    const { atStart, waited, later } = (await background.handler("clock")({}, {})) as {
      atStart: number;
      waited: number;
      later: number;
    };
    expect(atStart).toBeLessThanOrEqual(5_000);
    expect(atStart).toBeGreaterThan(3_000);
    // The time left follows the clock (a timer can fire early by as long as the event loop's turn
    // had run when it was set, so the wait is measured, not assumed).
    expect(waited).toBeGreaterThan(0);
    expect(Math.abs(atStart - later - waited)).toBeLessThanOrEqual(2);
  });

  it("holds what an invocation left running once it answered until its instance runs again", async () => {
    const endpoint = await countingEndpoint();
    onTestFinished(() => endpoint.close());
    const background = await functions({
      "leaver.ts": `export const handler = async (event: { leave?: string; wait?: number }) => {
  if (event.leave) setTimeout(() => fetch(event.leave as string), 10);
  await new Promise((resolve) => setTimeout(resolve, event.wait ?? 0));
  return "answered";
};
`,
    });
    const invoke = background.handler("leaver");
    expect(await invoke({ leave: endpoint.url }, {})).toBe("answered");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(endpoint.arrived()).toBe(0);
    // The same instance's next invocation thaws it: the request left behind is sent meanwhile.
    expect(await invoke({ wait: 50 }, {})).toBe("answered");
    for (const until = Date.now() + 5_000; endpoint.arrived() === 0 && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(endpoint.arrived()).toBe(1);
  });

  it("fails a thawed instance's first request on a connection closed while it was frozen", async () => {
    const endpoint = await countingEndpoint();
    onTestFinished(() => endpoint.close());
    const background = await functions({
      "caller.ts": `import http from "node:http";
const agent = new http.Agent({ keepAlive: true });
export const handler = async (event: { url: string }) =>
  new Promise((resolve) => {
    const request = http.get(event.url, { agent }, (answer) =>
      answer.resume().on("end", () => resolve("answered")),
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve(\`\${error.code}\${request.reusedSocket ? " on a kept connection" : ""}\`),
    );
  });
`,
    });
    const invoke = background.handler("caller");
    const wait = () => new Promise((resolve) => setTimeout(resolve, 100));
    expect(await invoke({ url: endpoint.url }, {})).toBe("answered");
    await wait();
    endpoint.closeIdle();
    await wait();
    // Frozen meanwhile, the instance sends on the closed connection: a reset, and nothing arrives.
    expect(await invoke({ url: endpoint.url }, {})).toBe("ECONNRESET on a kept connection");
    expect(await invoke({ url: endpoint.url }, {})).toBe("answered");
    expect(endpoint.arrived()).toBe(2);
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

  it("fails an invocation that runs past its timeout, and runs the next in a fresh instance", async () => {
    const background = await functions(
      {
        "slow.ts": `import { randomUUID } from "node:crypto";
const instance = randomUUID();
export const handler = async (event: { ms: number }) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return instance;
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

  it("times an invocation from when its instance is ready: a new one's loading is not counted", async () => {
    const background = await functions(
      {
        "heavy.ts": `const loaded = Date.now() + 800;
while (Date.now() < loaded) {}
export const handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  return "done";
};
`,
      },
      1_000,
    );
    // 800 ms of loading and 500 of running: past the timeout only if the loading counted.
    await expect(background.handler("heavy")({}, {})).resolves.toBe("done");
  });

  it("stops a thread stuck past an invocation's timeout, and runs the next in a fresh one", async () => {
    const background = await functions(
      {
        "stuck.ts": `import { threadId } from "node:worker_threads";
export const handler = async (event: { ms: number }) => {
  const until = Date.now() + event.ms;
  while (Date.now() < until) {}
  return threadId;
};
`,
      },
      500,
    );
    const stuck = background.handler("stuck");
    const first = await stuck({ ms: 0 }, {});
    await expect(stuck({ ms: 5_000 }, {})).rejects.toThrow("timed out after 500 ms");
    const next = await stuck({ ms: 0 }, {});
    expect(next).not.toBe(first);
  });

  it("stops an invocation that needs more than the function's memory, and runs the next in a fresh thread", async () => {
    const background = await functions(
      {
        "hungry.ts": `import { threadId } from "node:worker_threads";
const kept: number[][] = [];
export const handler = async (event: { megabytes: number }) => {
  for (let mb = 0; mb < event.megabytes; mb += 8) kept.push(new Array(1_000_000).fill(mb + 0.5));
  return threadId;
};
`,
      },
      undefined,
      undefined,
      { memoryMb: 64, idleMs: 60_000 },
    );
    const hungry = background.handler("hungry");
    const first = await hungry({ megabytes: 8 }, {});
    await expect(hungry({ megabytes: 256 }, {})).rejects.toThrow("ran out of its 64 MB of memory");
    const next = await hungry({ megabytes: 8 }, {});
    expect(next).not.toBe(first);
  });

  it("retires a thread left idle, so the next invocation starts cold; one asked again sooner stays warm", async () => {
    const background = await functions(
      {
        "counter.ts": `import { threadId } from "node:worker_threads";
let invocations = 0;
export const handler = async () => ({ thread: threadId, invocations: ++invocations });
`,
      },
      undefined,
      undefined,
      { memoryMb: 512, idleMs: 300 },
    );
    const counter = background.handler("counter");
    const first = (await counter({}, {})) as { thread: number; invocations: number };
    // Asked again within the idle time: the same warm thread, its module state kept.
    const warm = (await counter({}, {})) as { thread: number; invocations: number };
    expect(warm).toEqual({ thread: first.thread, invocations: 2 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const cold = (await counter({}, {})) as { thread: number; invocations: number };
    expect(cold.thread).not.toBe(first.thread);
    expect(cold.invocations).toBe(1);
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
    const account = new ConcurrencyLimit(1);
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
