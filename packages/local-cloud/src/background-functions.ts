// The functions that run behind the API (the Dwipps stream's subscriber, the notices' subscriber)
// each in a thread of their own, as Lambda runs them in containers of their own: their work takes
// no turn from the API's requests in this process, and a busy subscriber slows the API here no more
// than it would on AWS. Each invocation runs the function's current bundle. An invocation that runs
// past the function's timeout fails, and its thread is stopped, as Lambda stops the container: the
// next invocation starts a fresh one (and whatever else that thread was running fails too). So does
// one that needs more than the function's memory, and a thread left idle is retired, so that a
// later invocation starts cold, as Lambda retires an idle container.
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import { FunctionHost } from "./function-host";
import { type HandlerBundles, INSTANCE_IDLE_MS, type LambdaHandler } from "./handler-bundles";
import { AccountConcurrency } from "./lambda-concurrency";
import { TimedOut } from "./lambda-timeout";

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

export class BackgroundFunctions {
  private readonly threads = new Map<string, FunctionHost>();

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

  /**
   * One invocation of `file`'s current bundle in its thread. One that runs past the function's
   * timeout fails, and its thread is stopped, as Lambda stops the container.
   */
  private async run(file: string, event: unknown, context: unknown): Promise<unknown> {
    const url = await this.bundles.url(file);
    const thread = await this.threadOf(file);
    const timedOut = new Error(`${file} timed out after ${this.timeoutMs} ms.`);
    const timer = setTimeout(() => thread.stop(timedOut), this.timeoutMs);
    try {
      return await thread.invoke(file, url, event, context, this.timeoutMs);
    } catch (error) {
      // Stopped at its deadline in the thread: Lambda stops the container too.
      if (!(error instanceof TimedOut)) throw error;
      thread.stop(timedOut);
      throw timedOut;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `file`'s thread: the running one, or a new one (the last was retired, or stopped). */
  private async threadOf(file: string): Promise<FunctionHost> {
    const script = await this.bundles.threadScript();
    const running = this.threads.get(file);
    if (running && !running.ended) return running;
    const thread = new FunctionHost(script, {
      name: file,
      idleMs: this.limits.idleMs,
      memoryMb: this.limits.memoryMb,
      onEnded: () => {
        if (this.threads.get(file) === thread) this.threads.delete(file);
      },
    });
    this.threads.set(file, thread);
    return thread;
  }

  async stop(): Promise<void> {
    const threads = [...this.threads.values()];
    this.threads.clear();
    await Promise.all(threads.map((thread) => thread.end()));
  }
}
