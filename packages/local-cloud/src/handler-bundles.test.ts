// Handlers are bundled as they ship, a change to their source is served without a restart, and
// invocations at once run in instances of their own, as Lambda runs them.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { countingEndpoint } from "@dwipper/testing/counting-endpoint";
import { afterEach, describe, expect, it } from "vitest";
import { type FunctionInstance, HandlerBundles } from "./handler-bundles";
import { TimedOut } from "./lambda-timeout";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

async function sourceFolder(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), "bundles-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Invokes `file` once, in an instance lent for it and handed back after. */
async function invoke(bundles: HandlerBundles, file: string): Promise<unknown> {
  const instance = await bundles.acquire(file);
  try {
    return await instance.handler({}, {});
  } finally {
    instance.release(true);
  }
}

const handlerSource = (answer: string) =>
  `import { answer } from "./answer";\nexport const handler = async () => answer + ${JSON.stringify(answer)};\n`;

describe("HandlerBundles", () => {
  it("serves the new code after a source file changes, imports included", {
    timeout: 30_000,
  }, async () => {
    const dir = await sourceFolder({
      "route.ts": handlerSource("-one"),
      "answer.ts": 'export const answer: string = "v1";\n',
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), true);
    cleanup.unshift(() => bundles.dispose());
    expect(await invoke(bundles, "route")).toBe("v1-one");

    await writeFile(path.join(dir, "answer.ts"), 'export const answer: string = "v2";\n');
    const deadline = Date.now() + 25_000;
    let result: unknown;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      result = await invoke(bundles, "route");
    } while (result !== "v2-one" && Date.now() < deadline);
    expect(result).toBe("v2-one");
  });

  it("keeps a warm instance through a rebuild that makes the same code, and not through one that changes it", {
    timeout: 30_000,
  }, async () => {
    const dir = await sourceFolder({
      "counter.ts":
        'import { step } from "./step";\nlet served = 0;\nexport const handler = async () => (served += step);\n',
      "step.ts": "export const step: number = 1;\n",
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), true);
    cleanup.unshift(() => bundles.dispose());
    expect(await invoke(bundles, "counter")).toBe(1);

    /** Changes step.ts, and waits for the rebuild it starts to finish. */
    async function rewriteStep(text: string) {
      const before = await bundles.buildsOf("counter");
      await writeFile(path.join(dir, "step.ts"), text);
      const deadline = Date.now() + 10_000;
      while ((await bundles.buildsOf("counter")) === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await bundles.buildsOf("counter")).toBeGreaterThan(before);
    }

    // A comment and a type: the bundle's code is the same, and the instance keeps its state.
    await rewriteStep("// How far each invocation counts.\nexport const step: 1 | 2 = 1;\n");
    expect(await invoke(bundles, "counter")).toBe(2);

    // New code: a fresh instance runs it.
    await rewriteStep("export const step: number = 10;\n");
    expect(await invoke(bundles, "counter")).toBe(10);
  });

  it("moves every function to a new thread when one's code changes, and ends the old one once it has finished", {
    timeout: 30_000,
  }, async () => {
    const dir = await sourceFolder({
      "changing.ts": "export const handler = async () => 1;\n",
      "counter.ts": [
        "let served = 0;",
        "export const handler = async (event: { waitMs?: number }) => {",
        "  await new Promise((resolve) => setTimeout(resolve, event.waitMs ?? 0));",
        "  return ++served;",
        "};",
        "",
      ].join("\n"),
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), true);
    cleanup.unshift(() => bundles.dispose());
    expect(await invoke(bundles, "changing")).toBe(1);
    expect(await invoke(bundles, "counter")).toBe(1);
    expect(bundles.threads()).toBe(1);

    // An invocation under way in the old thread when the code changes finishes there.
    const busy = await bundles.acquire("counter");
    const running = busy.handler({ waitMs: 1_500 }, {});
    const before = await bundles.buildsOf("changing");
    await writeFile(path.join(dir, "changing.ts"), "export const handler = async () => 2;\n");
    const deadline = Date.now() + 10_000;
    while ((await bundles.buildsOf("changing")) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await invoke(bundles, "changing")).toBe(2);
    // The function that did not change starts cold too: its thread is new.
    expect(await invoke(bundles, "counter")).toBe(1);
    expect(bundles.threads()).toBe(2);

    expect(await running).toBe(2);
    busy.release(true);
    while (bundles.threads() > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bundles.threads()).toBe(1);
  });

  it("retires the instances' thread once no function has run for the idle time, and keeps it while one runs", async () => {
    const dir = await sourceFolder({
      "counter.ts": "let served = 0;\nexport const handler = async () => ++served;\n",
    });
    const idleMs = 1_000;
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), false, idleMs);
    cleanup.unshift(() => bundles.dispose());
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // Asked again within the idle time, time and again: the same instance, its state kept.
    const served = [];
    for (let i = 0; i < 4; i++) {
      served.push(await invoke(bundles, "counter"));
      await pause(100);
    }
    expect(served).toEqual([1, 2, 3, 4]);
    expect(bundles.threads()).toBe(1);

    // Left idle past it: the thread is gone, and the next invocation starts cold in a new one.
    await pause(idleMs + 500);
    expect(bundles.threads()).toBe(0);
    expect(await invoke(bundles, "counter")).toBe(1);
  });

  it("stops an invocation at its deadline in its thread: it sends nothing after it", async () => {
    const dir = await sourceFolder({
      "writer.ts": [
        "export const handler = async (event: { waitMs: number; url: string }) => {",
        "  await new Promise((resolve) => setTimeout(resolve, event.waitMs));",
        '  await fetch(event.url, { method: "POST" });',
        '  return "sent";',
        "};",
        "",
      ].join("\n"),
    });
    const endpoint = await countingEndpoint();
    cleanup.push(async () => endpoint.close());
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), false);
    cleanup.unshift(() => bundles.dispose());
    const instance = await bundles.acquire("writer");
    const within = { getRemainingTimeInMillis: () => 200 };
    try {
      expect(await instance.handler({ waitMs: 0, url: endpoint.url }, within)).toBe("sent");
      await expect(
        instance.handler({ waitMs: 400, url: endpoint.url }, within),
      ).rejects.toBeInstanceOf(TimedOut);
      // Its wait over, the stopped invocation's request is refused: nothing more arrives.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(endpoint.arrived()).toBe(1);
    } finally {
      instance.release(false);
    }
  });

  it("gives invocations at once instances of their own, each with its own module state, and reuses an idle one", async () => {
    const dir = await sourceFolder({
      // What an instance keeps between invocations, as a warm Lambda instance keeps its clients.
      "counter.ts": "let served = 0;\nexport const handler = async () => ++served;\n",
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), false);
    cleanup.unshift(() => bundles.dispose());
    const first = await bundles.acquire("counter");
    const second = await bundles.acquire("counter");
    expect(second.handler).not.toBe(first.handler);
    expect(await first.handler({}, {})).toBe(1);
    expect(await second.handler({}, {})).toBe(1);

    first.release(true);
    // Dropped, as Lambda drops an instance that ran past its timeout.
    second.release(false);
    const warm = await bundles.acquire("counter");
    expect(warm.handler).toBe(first.handler);
    expect(await warm.handler({}, {})).toBe(2);
    const fresh = await bundles.acquire("counter");
    expect([first.handler, second.handler]).not.toContain(fresh.handler);
    expect(await fresh.handler({}, {})).toBe(1);
  });

  it("lends no more instances of a function at once than its bound; the next waits for one back", async () => {
    const dir = await sourceFolder({
      "counter.ts": "let served = 0;\nexport const handler = async () => ++served;\n",
      "other.ts": "export const handler = async () => 0;\n",
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), false, undefined, 2);
    cleanup.unshift(() => bundles.dispose());
    const lent = [await bundles.acquire("counter"), await bundles.acquire("counter")];
    let third: FunctionInstance | undefined;
    const waiting = bundles.acquire("counter").then((instance) => {
      third = instance;
      return instance;
    });
    // Another function's bound is its own.
    const other = await bundles.acquire("other");
    other.release(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third).toBeUndefined();
    // One handed back, the waiting invocation takes it, warm: no third copy is made.
    lent[0]?.release(true);
    const taken = await waiting;
    expect(taken.handler).toBe(lent[0]?.handler);
    expect(await taken.handler({}, {})).toBe(1);
    taken.release(true);
    lent[1]?.release(true);
  });

  it("says so when a file does not build or exports no handler", async () => {
    const dir = await sourceFolder({
      "broken.ts": "export const handler = (;\n",
      "nothing.ts": "export const other = 1;\n",
    });
    const bundles = new HandlerBundles(dir, path.join(dir, "out"), false);
    cleanup.unshift(() => bundles.dispose());
    await expect(bundles.acquire("broken")).rejects.toThrow(/Could not build broken/);
    await expect(bundles.acquire("nothing")).rejects.toThrow(
      /does not export a function named "handler"/,
    );
    await expect(bundles.acquire("missing")).rejects.toThrow(/Could not build missing/);
  });
});
