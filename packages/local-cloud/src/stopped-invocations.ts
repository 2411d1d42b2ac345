// Lambda lets an invocation's requests go only while the invocation may run. At its timeout Lambda
// stops it: what it had sent by then may have landed, but it sends nothing more. Once its handler
// has answered, Lambda freezes the instance: work the handler left running (a promise it did not
// await, a timer) goes on only while the instance runs its next invocation, and never if the
// instance is retired first. The routes' functions share a thread (function-host-thread.ts),
// where a promise can be neither stopped nor frozen, so each invocation runs in a context of its
// own instead, and every HTTP request it would start (the AWS SDK's, through node:http and
// node:https, or one of `fetch`) fails at once after it is stopped, and waits while its instance is
// frozen. Installed in a thread when this module is first loaded there, before any SDK client has
// sent a request (the SDK keeps node:http's `request` from its first one); only the thread script
// loads it, so the local cloud's own process is left as it is.
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import { TimedOut, within } from "./lambda-timeout";

/**
 * One instance of a function in the thread. Work its invocations left running after they answered
 * goes on only while it runs an invocation, as in a Lambda environment that is frozen between
 * invocations and thawed for the next.
 */
export class InstanceRuns {
  private running = 0;
  private thaw: () => void = () => {};
  private thawed = Promise.resolve();

  constructor() {
    this.freeze();
  }

  /** Whether it runs no invocation now: its invocations' leftover work waits. */
  get frozen(): boolean {
    return this.running === 0;
  }

  /** Settles at once while it runs an invocation, else once it runs the next. */
  whenRunning(): Promise<void> {
    return this.thawed;
  }

  /** Runs one invocation in it: leftover work goes on meanwhile, and waits again after. */
  async run<T>(invocation: () => Promise<T>): Promise<T> {
    if (this.running++ === 0) this.thaw();
    try {
      return await invocation();
    } finally {
      if (--this.running === 0) this.freeze();
    }
  }

  private freeze() {
    this.thawed = new Promise((resolve) => {
      this.thaw = resolve;
    });
  }
}

const invocations = new AsyncLocalStorage<{ stopped: boolean; instance?: InstanceRuns }>();

/** The instance of the invocation that runs this code, when that instance is frozen. */
const frozenInstance = () => {
  const instance = invocations.getStore()?.instance;
  return instance?.frozen ? instance : undefined;
};

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

// Every request of node:http and node:https is handed to its agent for a socket (a new agent's,
// for one sent without): a frozen instance's waits there, written but unsent, until it thaws.
type AddRequest = (this: http.Agent, request: http.ClientRequest, options: object) => void;
const agentPrototype = http.Agent.prototype as unknown as { addRequest: AddRequest };
const addRequest = agentPrototype.addRequest;
agentPrototype.addRequest = function (request, options) {
  const frozen = frozenInstance();
  if (!frozen) return addRequest.call(this, request, options);
  void frozen.whenRunning().then(() => {
    // Thrown here, it would end the thread with every instance in it; the request fails instead.
    try {
      addRequest.call(this, request, options);
    } catch (error) {
      request.destroy(error as Error);
    }
  });
};

const fetchUnstopped = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  if (invocations.getStore()?.stopped) return Promise.reject(new StoppedInvocationError());
  const frozen = frozenInstance();
  return frozen
    ? frozen.whenRunning().then(() => fetchUnstopped(...args))
    : fetchUnstopped(...args);
};

/**
 * Starts an invocation whose requests `stop()` ends from then on; in `instance`, when given, whose
 * leftover work waits once it has answered until the instance runs again.
 */
export function stoppable<T>(
  run: () => Promise<T>,
  instance?: InstanceRuns,
): { result: Promise<T>; stop(): void } {
  const invocation = { stopped: false, instance };
  return {
    result: invocations.run(invocation, () => (instance ? instance.run(run) : run())),
    stop() {
      invocation.stopped = true;
    },
  };
}

/**
 * Runs an invocation as Lambda runs it under a timeout, in `instance`: its answer, or TimedOut once
 * `ms` have passed, the invocation stopped there (it sends nothing more).
 */
export async function runWithin<T>(
  run: () => Promise<T>,
  ms: number,
  instance?: InstanceRuns,
): Promise<T> {
  const invocation = stoppable(run, instance);
  try {
    return await within(() => invocation.result, ms);
  } catch (error) {
    if (error instanceof TimedOut) invocation.stop();
    throw error;
  }
}
