// The moment after a page's load and the browser's first idleness after it, as a store components
// read: false until then, true from then on, its readers told once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

let load: () => void;
let becomeIdle: () => void;

beforeEach(() => {
  vi.resetModules();
  const listeners = new Map<string, () => void>();
  const idle: (() => void)[] = [];
  vi.stubGlobal("document", { readyState: "interactive" });
  vi.stubGlobal("window", {
    addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
    removeEventListener: (type: string) => listeners.delete(type),
    requestIdleCallback: (callback: () => void) => idle.push(callback),
    cancelIdleCallback: () => {},
  });
  load = () => listeners.get("load")?.();
  becomeIdle = () => {
    for (const callback of idle.splice(0)) callback();
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the loaded-and-idle store", () => {
  it("is false until the page has loaded and the browser is idle, then tells its readers once", async () => {
    const { isLoadedAndIdle, subscribeLoadedAndIdle } = await import("./after-load");
    const told: string[] = [];
    subscribeLoadedAndIdle(() => told.push("bar"));
    subscribeLoadedAndIdle(() => told.push("badge"));
    becomeIdle();
    expect(isLoadedAndIdle()).toBe(false);
    load();
    expect(isLoadedAndIdle()).toBe(false);
    becomeIdle();
    expect(isLoadedAndIdle()).toBe(true);
    expect(told).toEqual(["bar", "badge"]);
  });

  it("stays true for readers that come later, without waiting again", async () => {
    const { isLoadedAndIdle, subscribeLoadedAndIdle } = await import("./after-load");
    const stop = subscribeLoadedAndIdle(() => {});
    load();
    becomeIdle();
    stop();
    const told: string[] = [];
    subscribeLoadedAndIdle(() => told.push("later"));
    becomeIdle();
    expect(isLoadedAndIdle()).toBe(true);
    expect(told).toEqual([]);
  });

  it("does not tell a reader that has gone", async () => {
    const { subscribeLoadedAndIdle } = await import("./after-load");
    const told: string[] = [];
    const stop = subscribeLoadedAndIdle(() => told.push("gone"));
    stop();
    load();
    becomeIdle();
    expect(told).toEqual([]);
  });
});
