// The functions that run behind the API (the Dwipps stream's subscriber, the notices' subscriber)
// each in a thread of their own, as Lambda runs them in containers of their own: their work takes
// no turn from the API's requests in this process, and a busy subscriber slows the API here no more
// than it would on AWS. Each invocation runs the function's current bundle.
import path from "node:path";
import { SHARE_ENV, Worker } from "node:worker_threads";
import type { HandlerBundles, LambdaHandler } from "./handler-bundles";

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

const script = path.join(import.meta.dirname, "background-thread.mjs");

export class BackgroundFunctions {
  private readonly threads = new Map<string, Thread>();
  private nextId = 0;

  constructor(private readonly bundles: HandlerBundles) {}

  /** `file`'s handler, run in its thread (started with the first invocation). */
  handler(file: string): LambdaHandler {
    return async (event, context) => {
      const url = await this.bundles.url(file);
      const thread = this.threadOf(file);
      const id = this.nextId++;
      // Lambda's context as data (its function name, request id): what crosses to the thread.
      const data = JSON.parse(JSON.stringify(context ?? {}));
      return new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, url, event, context: data });
      });
    };
  }

  private threadOf(file: string): Thread {
    const running = this.threads.get(file);
    if (running) return running;
    // The environment is this process's: the stack's links and endpoints, as the API's have them.
    const worker = new Worker(script, { env: SHARE_ENV });
    const thread: Thread = { worker, pending: new Map() };
    worker.on("message", ({ id, result, error }) => {
      const pending = thread.pending.get(id);
      thread.pending.delete(id);
      if (!pending) return;
      if (!error) return pending.resolve(result);
      pending.reject(
        Object.assign(new Error(error.message), { name: error.name, stack: error.stack }),
      );
    });
    // A thread that dies fails what it was running; the next invocation starts a new one.
    const lost = (reason: Error) => {
      if (this.threads.get(file) === thread) this.threads.delete(file);
      for (const pending of thread.pending.values()) pending.reject(reason);
      thread.pending.clear();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`${file}'s thread stopped (exit code ${code}).`)));
    this.threads.set(file, thread);
    return thread;
  }

  async stop(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}
