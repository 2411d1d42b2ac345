// Handlers are bundled as they ship, a change to their source is served without a restart, and
// invocations at once run in instances of their own, as Lambda runs them.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerBundles } from "./handler-bundles";

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
