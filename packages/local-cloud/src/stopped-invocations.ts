// Lambda stops a function at its timeout: what it had sent by then may have landed, but it sends
// nothing more. The routes' functions share a thread (function-host-thread.ts), where a promise
// cannot be stopped, so each invocation runs in a context of its own instead, and once it is
// stopped every HTTP request it would still start (the AWS SDK's, through node:http and
// node:https, or one of `fetch`) fails at once. Installed in a thread when this module is first
// loaded there, before any SDK client has sent a request (the SDK keeps node:http's `request` from
// its first one); only the thread script loads it, so the local cloud's own process is left as it
// is.
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import { TimedOut, within } from "./lambda-timeout";

const invocations = new AsyncLocalStorage<{ stopped: boolean }>();

/** What a stopped invocation's request fails with, as a request to nowhere would. */
export class StoppedInvocationError extends Error {
  override name = "StoppedInvocationError";
  constructor() {
    super("the function was stopped at its timeout; it sends nothing more");
  }
}

for (const module of [http, https]) {
  for (const name of ["request", "get"] as const) {
    const original = module[name] as (...args: unknown[]) => http.ClientRequest;
    Object.assign(module, {
      [name](...args: unknown[]) {
        if (invocations.getStore()?.stopped) throw new StoppedInvocationError();
        return original.apply(module, args);
      },
    });
  }
}

// Modules that import `request` by name see the wrapper too.
syncBuiltinESMExports();

const fetchUnstopped = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) =>
  invocations.getStore()?.stopped
    ? Promise.reject(new StoppedInvocationError())
    : fetchUnstopped(...args);

/** Starts an invocation whose requests `stop()` ends from then on. */
export function stoppable<T>(run: () => Promise<T>): { result: Promise<T>; stop(): void } {
  const invocation = { stopped: false };
  return {
    result: invocations.run(invocation, run),
    stop() {
      invocation.stopped = true;
    },
  };
}

/**
 * Runs an invocation as Lambda runs it under a timeout: its answer, or TimedOut once `ms` have
 * passed, the invocation stopped there (it sends nothing more).
 */
export async function runWithin<T>(run: () => Promise<T>, ms: number): Promise<T> {
  const invocation = stoppable(run);
  try {
    return await within(() => invocation.result, ms);
  } catch (error) {
    if (error instanceof TimedOut) invocation.stop();
    throw error;
  }
}
