// The bar's and the invite's destinations are fetched ahead only after the page has loaded and the
// browser is idle, and not at all once the component has gone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { aheadOf, prefetchWhenIdle } from "./idle-prefetch";

function browser(readyState: DocumentReadyState) {
  const listeners = new Map<string, () => void>();
  const idle: (() => void)[] = [];
  vi.stubGlobal("document", { readyState });
  vi.stubGlobal("window", {
    addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
    removeEventListener: (type: string) => listeners.delete(type),
    requestIdleCallback: (callback: () => void) => idle.push(callback),
    cancelIdleCallback: (handle: number) => idle.splice(handle - 1, 1),
  });
  return {
    load: () => listeners.get("load")?.(),
    becomeIdle: () => {
      for (const callback of idle.splice(0)) callback();
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("prefetchWhenIdle", () => {
  it("waits for the page's load and then for the browser to be idle", () => {
    const page = browser("interactive");
    const fetched: string[] = [];
    prefetchWhenIdle(["/me/", "/favorites/"], (href) => fetched.push(href));
    page.becomeIdle();
    expect(fetched).toEqual([]);
    page.load();
    expect(fetched).toEqual([]);
    page.becomeIdle();
    expect(fetched).toEqual(["/me/", "/favorites/"]);
  });

  it("on a page already loaded, waits only for idleness", () => {
    const page = browser("complete");
    const fetched: string[] = [];
    prefetchWhenIdle(["/login/"], (href) => fetched.push(href));
    expect(fetched).toEqual([]);
    page.becomeIdle();
    expect(fetched).toEqual(["/login/"]);
  });

  it("fetches nothing once undone", () => {
    const page = browser("interactive");
    const fetched: string[] = [];
    const undo = prefetchWhenIdle(["/me/"], (href) => fetched.push(href));
    page.load();
    undo();
    page.becomeIdle();
    expect(fetched).toEqual([]);
  });
});

describe("aheadOf", () => {
  const bar = ["/", "/notifications/", "/me/", "/favorites/", "/settings/"];

  it("leaves out the page being shown, however its address ends", () => {
    expect(aheadOf(bar, "/")).toEqual(["/notifications/", "/me/", "/favorites/", "/settings/"]);
    expect(aheadOf(bar, "/me")).toEqual(["/", "/notifications/", "/favorites/", "/settings/"]);
    expect(aheadOf(bar, "/me/")).toEqual(["/", "/notifications/", "/favorites/", "/settings/"]);
  });

  it("keeps them all on a page the bar does not link to", () => {
    expect(aheadOf(bar, "/dwipp/")).toEqual(bar);
  });
});
