// The functions that run behind the API (the Dwipps stream's subscriber, the notices' subscriber)
// each in a thread of their own, as Lambda runs them in containers of their own: their work takes
// no turn from the API's requests in this process, and a busy subscriber slows the API here no more
// than it would on AWS. Each invocation runs the function's current bundle. An invocation that runs
// past the function's timeout fails, and its thread is stopped, as Lambda stops the container: the
// next invocation starts a fresh one (and whatever else that thread was running fails too). So does
// one that needs more than the function's memory, and a thread left idle is retired, so that a
// later invocation starts cold, as Lambda retires an idle container.
import { SHARE_ENV, Worker } from "node:worker_threads";
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import { contextMessage } from "./function-host";
import type { HostAnswer, HostRequest } from "./function-host-thread";
import { type HandlerBundles, INSTANCE_IDLE_MS, type LambdaHandler } from "./handler-bundles";
import { AccountConcurrency } from "./lambda-concurrency";

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set while the thread runs nothing: when it fires, the thread is retired. */
  idle?: NodeJS.Timeout;
  /** Fails what the thread is running with `reason`; the next invocation starts a new thread. */
  lost(reason: Error): void;
}

/** What bounds one of a function's instances, as Lambda bounds its execution environment. */
export interface InstanceLimits {
  /**
   * The function's memory, MB, given to its thread's heap. Lambda counts the whole runtime against
   * it, so a thread is stopped somewhat later than Lambda would stop the function.
   */
  memoryMb: number;
  /** How long a thread may run nothing before it is retired, ms (`INSTANCE_IDLE_MS`). */
  idleMs: number;
}

const LAMBDA_INSTANCE: InstanceLimits = { memoryMb: LAMBDA_MEMORY_MB, idleMs: INSTANCE_IDLE_MS };

/** Stops `thread` as Lambda stops a container: what it runs fails with `reason`. */
function stopThread(thread: Thread, reason: Error): void {
  thread.lost(reason);
  void thread.worker.terminate();
}

export class BackgroundFunctions {
  private readonly threads = new Map<string, Thread>();
  private nextId = 0;

  constructor(
    private readonly bundles: HandlerBundles,
    /** How long an invocation may run, ms: Lambda's timeout unless a test needs a shorter one. */
    private readonly timeoutMs = LAMBDA_TIMEOUT_SECONDS * 1000,
    /**
     * The account's Lambda concurrency, shared with the API's functions. A stream's or a topic's
     * invocation that Lambda throttles is tried again by Lambda until it runs: here it waits.
     */
    private readonly concurrency = new AccountConcurrency(),
    private readonly limits = LAMBDA_INSTANCE,
  ) {}

  /** `file`'s handler, run in its thread (started with the first invocation). */
  handler(file: string): LambdaHandler {
    return async (event, context) => {
      const slot = await this.concurrency.start();
      try {
        return await this.run(file, event, context);
      } finally {
        slot();
      }
    };
  }

  /** One invocation of `file`'s current bundle in its thread. */
  private async run(file: string, event: unknown, context: unknown): Promise<unknown> {
    const url = await this.bundles.url(file);
    const thread = this.threadOf(file, await this.bundles.threadScript());
    clearTimeout(thread.idle);
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      // Lambda's context as data, its clock as the invocation's end: what crosses to the thread.
      const sent = contextMessage(file, context, this.timeoutMs);
      thread.worker.postMessage({
        kind: "invoke",
        id,
        url,
        event,
        context: sent,
      } satisfies HostRequest);
      timer = setTimeout(() => stopThread(thread, this.timedOut(file)), this.timeoutMs);
    }).finally(() => {
      clearTimeout(timer);
      if (thread.pending.size === 0) this.retireWhenIdle(file, thread);
    });
  }

  private timedOut(file: string): Error {
    return new Error(`${file} timed out after ${this.timeoutMs} ms.`);
  }

  /** Retires `thread` once it has run nothing for the idle time (the next invocation starts cold). */
  private retireWhenIdle(file: string, thread: Thread): void {
    clearTimeout(thread.idle);
    thread.idle = setTimeout(() => {
      if (thread.pending.size === 0) stopThread(thread, new Error(`${file}'s thread retired.`));
    }, this.limits.idleMs);
    thread.idle.unref();
  }

  private threadOf(file: string, script: string): Thread {
    const running = this.threads.get(file);
    if (running) return running;
    // The environment is this process's: the stack's links and endpoints, as the API's have them.
    const worker = new Worker(script, {
      env: SHARE_ENV,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    const pending = new Map<number, Pending>();
    // A thread that dies, or is stopped, fails what it was running.
    const lost = (reason: Error) => {
      if (this.threads.get(file) === thread) this.threads.delete(file);
      for (const each of pending.values()) each.reject(reason);
      pending.clear();
    };
    const thread: Thread = { worker, pending, lost };
    worker.on("message", ({ id, result, error, timedOut }: HostAnswer) => {
      // Stopped at its deadline in the thread: Lambda stops the container too.
      if (timedOut) return stopThread(thread, this.timedOut(file));
      const waiting = pending.get(id);
      pending.delete(id);
      if (!waiting) return;
      if (!error) return waiting.resolve(result);
      waiting.reject(
        Object.assign(new Error(error.message), { name: error.name, stack: error.stack }),
      );
    });
    worker.on("error", (error: Error & { code?: string }) =>
      lost(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new Error(`${file} ran out of its ${this.limits.memoryMb} MB of memory.`)
          : error,
      ),
    );
    worker.on("exit", (code) => lost(new Error(`${file}'s thread stopped (exit code ${code}).`)));
    this.threads.set(file, thread);
    return thread;
  }

  async stop(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    for (const thread of threads) clearTimeout(thread.idle);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}
