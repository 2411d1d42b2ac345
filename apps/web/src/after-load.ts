"use client";
// Work a page's first paint must not wait behind starts once the page has loaded and the browser is
// idle (at most 5 s after the load): on a phone's first load, fetches sent earlier shared the
// network, the API's connections and the main thread with the page's own Dwipps. Used by the
// links fetched ahead and by the unread count's first ask.
import { useSyncExternalStore } from "react";

/** Calls `run` once the page has loaded and the browser is idle; returns what undoes it. */
export function whenLoadedAndIdle(run: () => void): () => void {
  let idle: number | undefined;
  const whenIdle = () => {
    if (typeof window.requestIdleCallback === "function") {
      idle = window.requestIdleCallback(run, { timeout: 5_000 });
    } else run();
  };
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
  return () => {
    window.removeEventListener("load", whenIdle);
    if (idle !== undefined) window.cancelIdleCallback(idle);
  };
}

/** Whether this page load has reached its first idle moment after the load; once true, it stays. */
let reached = false;
const waiting = new Set<() => void>();
let scheduled = false;

/** For `useSyncExternalStore`: tells `listener` when the moment comes (once). */
export function subscribeLoadedAndIdle(listener: () => void): () => void {
  waiting.add(listener);
  if (!scheduled) {
    scheduled = true;
    whenLoadedAndIdle(() => {
      reached = true;
      for (const notify of [...waiting]) notify();
    });
  }
  return () => waiting.delete(listener);
}

export const isLoadedAndIdle = (): boolean => reached;

/** False until the page has loaded and the browser has been idle once; then true, on every page. */
export function useLoadedAndIdle(): boolean {
  return useSyncExternalStore(subscribeLoadedAndIdle, isLoadedAndIdle, () => false);
}
