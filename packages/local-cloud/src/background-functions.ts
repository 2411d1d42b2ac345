// The functions that run behind the API (the Dwipps stream's subscribers, the notices' subscriber)
// each in a thread of its own, as Lambda runs them in execution environments of their own: their
// work takes no turn from the API's requests in this process, and a busy subscriber slows the API
// here no more than it would on AWS. In its thread a function runs in instances that serve one
// invocation at a time, as environments do: invocations at once (a stream's shards read side by
// side, a topic's messages) get instances of their own, each a copy of the bundle with its own
// module state, made when every other is busy, up to the bound handler-bundles.ts keeps for every
// function (the rest wait, as invocations Lambda throttles are tried again; ADR 0061). An
// invocation that runs past the function's timeout fails and its instance serves nothing more, as
// Lambda starts the environment afresh; a thread that does not answer by then is stopped. One that
// needs more than the function's memory stops the thread, and a thread left idle is retired, so
// that a later invocation starts cold.
import { LAMBDA_MEMORY_MB, LAMBDA_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import { contextMessage, FunctionHost } from "./function-host";
import {
  type HandlerBundles,
  INSTANCE_IDLE_MS,
  type LambdaHandler,
  withInstance,
} from "./handler-bundles";
import { ConcurrencyLimit } from "./lambda-concurrency";
import { lambdaContext } from "./lambda-context";
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

/** How long after its timeout a thread that has not answered is taken to be stuck, and stopped. */
const STUCK_AFTER_MS = 1_000;

const LAMBDA_INSTANCE: InstanceLimits = {
  memoryMb: LAMBDA_MEMORY_MB,
  idleMs: INSTANCE_IDLE_MS,
};

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
    private readonly concurrency = new ConcurrencyLimit(),
    private readonly limits = LAMBDA_INSTANCE,
  ) {}

  /** `file`'s handler, each invocation run in an idle instance in its thread, or a new one. */
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
   * One invocation of `file`'s current bundle, in an instance of its own. One that runs past the
   * function's timeout fails, and its instance serves nothing more; its thread stops what it runs
   * there, and is itself stopped if it has not answered a moment later (stuck in a loop).
   */
  private async run(file: string, event: unknown, context: unknown): Promise<unknown> {
    const thread = await this.threadOf(file);
    const timedOut = new Error(`${file} timed out after ${this.timeoutMs} ms.`);
    let stuck: NodeJS.Timeout | undefined;
    try {
      // The clock starts once the instance is ready: a new one's loading is its initialisation,
      // which Lambda does not count against the invocation's timeout.
      return await withInstance(
        this.bundles,
        file,
        (handler) => {
          stuck = setTimeout(() => thread.stop(timedOut), this.timeoutMs + STUCK_AFTER_MS);
          return handler(event, lambdaContext(contextMessage(file, context, this.timeoutMs)));
        },
        thread,
      );
    } catch (error) {
      throw error instanceof TimedOut ? timedOut : error;
    } finally {
      clearTimeout(stuck);
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
