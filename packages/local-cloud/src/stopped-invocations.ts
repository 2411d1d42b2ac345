// Lambda lets an invocation's requests go only while the invocation may run. At its timeout Lambda
// stops it: what it had sent by then may have landed, but it sends nothing more. Once its handler
// has answered, Lambda freezes the instance: work the handler left running (a promise it did not
// await, a timer) goes on only while the instance runs its next invocation, and never if the
// instance is retired first. The routes' functions share a thread (function-host-thread.ts),
// where a promise can be neither stopped nor frozen, so each invocation runs in a context of its
// own instead, and every HTTP request it would start (the AWS SDK's, through node:http and
// node:https, or one of `fetch`) fails at once after it is stopped, and waits while its instance is
// frozen; and a thawed instance meets, as a reset, a connection a service closed meanwhile (ADR
// 0064). Installed in a thread when this module is first loaded there, before any SDK client has
// sent a request (the SDK keeps node:http's `request` from its first one); only the thread script
// loads it, so the local cloud's own process is left as it is.
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import type { Socket } from "node:net";
import { TimedOut, within } from "./lambda-timeout";

/** Counts of connections, by the agent that keeps them and its name for their origin. */
type ConnectionCounts = Map<http.Agent, Map<string, number>>;

/**
 * One instance of a function in the thread. Work its invocations left running after they answered
 * goes on only while it runs an invocation, as in a Lambda environment that is frozen between
 * invocations and thawed for the next. A frozen environment cannot see the connections the
 * services close meanwhile: thawed, it sends its first requests on them and meets a reset.
 */
export class InstanceRuns {
  private running = 0;
  private thaw: () => void = () => {};
  private thawed = Promise.resolve();
  /** The connections its requests went on. */
  private readonly watched = new WeakSet<Socket>();
  /** How many idle connections a service closed while it was frozen, by agent and origin. */
  private closedWhileFrozen: ConnectionCounts = new Map();
  /** How many of those its thawed process has not yet seen closed, by agent and origin. */
  private closedUnseen: ConnectionCounts = new Map();

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
    if (this.running++ === 0) this.thawOut();
    try {
      return await invocation();
    } finally {
      if (--this.running === 0) this.freeze();
    }
  }

  /**
   * Watches a connection one of its requests to `origin` goes on: if the service closes it while
   * it lies idle in `agent` and this instance is frozen, the thawed instance does not know it yet.
   */
  watch(agent: http.Agent, origin: string, socket: Socket): void {
    if (this.watched.has(socket)) return;
    this.watched.add(socket);
    // Before the agent's own listener takes it out of its idle connections.
    socket.prependListener("close", () => {
      if (this.frozen && agent.freeSockets[origin]?.includes(socket)) {
        const closed = this.closedWhileFrozen.get(agent) ?? new Map<string, number>();
        closed.set(origin, (closed.get(origin) ?? 0) + 1);
        this.closedWhileFrozen.set(agent, closed);
      }
    });
  }

  /**
   * Whether a request to `origin` through `agent` would go on a connection closed while it was
   * frozen, one its process has not yet seen closed (each such connection takes one request).
   */
  takesClosedConnection(agent: http.Agent, origin: string): boolean {
    const closed = this.closedUnseen.get(agent);
    const left = closed?.get(origin) ?? 0;
    if (left === 0) return false;
    closed?.set(origin, left - 1);
    return true;
  }

  private freeze() {
    this.thawed = new Promise((resolve) => {
      this.thaw = resolve;
    });
  }

  private thawOut() {
    const unseen = this.closedWhileFrozen;
    this.closedUnseen = unseen;
    this.closedWhileFrozen = new Map();
    // A thawed process reads the closes once its event loop next waits for I/O; a request sent
    // before then goes on a closed connection.
    setImmediate(() => unseen.clear());
    this.thaw();
  }
}

const invocations = new AsyncLocalStorage<{ stopped: boolean; instance?: InstanceRuns }>();

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

/** What a request sent on a connection its server had closed fails with, as node:http words it. */
function connectionReset(): Error {
  return Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
}

// Every request of node:http and node:https is handed to its agent for a socket (a new agent's,
// for one sent without): a frozen instance's waits there, written but unsent, until it thaws. One
// that would take a connection closed while its instance was frozen fails there, unsent.
type AddRequest = (this: http.Agent, request: http.ClientRequest, options: object) => void;
const agentPrototype = http.Agent.prototype as unknown as { addRequest: AddRequest };
const addRequest = agentPrototype.addRequest;
/** Fails a request before it has a socket, as the agent fails one it cannot connect. */
const failUnsent = (request: http.ClientRequest, error: Error) =>
  (request as unknown as { onSocket(socket: null, error: Error): void }).onSocket(null, error);
agentPrototype.addRequest = function (request, options) {
  const instance = invocations.getStore()?.instance;
  if (!instance) return addRequest.call(this, request, options);
  const origin = this.getName(options);
  request.once("socket", (socket: Socket) => instance.watch(this, origin, socket));
  const send = () => {
    if (!instance.takesClosedConnection(this, origin))
      return addRequest.call(this, request, options);
    // Given the kept connection, as Node would have given it: its reset says so.
    request.reusedSocket = true;
    failUnsent(request, connectionReset());
  };
  if (!instance.frozen) return send();
  void instance.whenRunning().then(() => {
    // Thrown here, it would end the thread with every instance in it; the request fails instead.
    try {
      send();
    } catch (error) {
      failUnsent(request, error as Error);
    }
  });
};

const fetchUnstopped = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  if (invocations.getStore()?.stopped) return Promise.reject(new StoppedInvocationError());
  const instance = invocations.getStore()?.instance;
  const frozen = instance?.frozen ? instance : undefined;
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
