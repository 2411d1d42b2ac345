// The functions that run behind the API (the Dwipps stream's subscribers, the notices' subscriber)
// in threads of their own, as Lambda runs them in execution environments of their own: their work
// takes no turn from the API's requests in this process, and a busy subscriber slows the API here no
// more than it would on AWS. Each thread is one instance, which serves one invocation at a time, as
// an environment does: invocations at once (a stream's shards read side by side, a topic's
// messages) get instances of their own, each with its own module state, started when every
// instance is busy. Each invocation runs the function's current bundle. An invocation that runs
// past the function's timeout fails, and its instance is stopped, as Lambda stops the environment:
// a later invocation starts a fresh one. So does one that needs more than the function's memory,
// and an instance left idle is retired, so that a later invocation starts cold.
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
  /** Each function's instances, one thread each; those serving an invocation are in `busy`. */
  private readonly instances = new Map<string, FunctionHost[]>();
  private readonly busy = new Set<FunctionHost>();

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

  /** `file`'s handler, each invocation run in an idle instance of it, or a new one. */
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

  /** How many instances `file` has, busy or idle: a test's window on how Lambda would scale. */
  instancesOf(file: string): number {
    return (this.instances.get(file) ?? []).filter((instance) => !instance.ended).length;
  }

  /**
   * One invocation of `file`'s current bundle in an instance of its own. One that runs past the
   * function's timeout fails, and its instance is stopped, as Lambda stops the environment.
   */
  private async run(file: string, event: unknown, context: unknown): Promise<unknown> {
    const url = await this.bundles.url(file);
    const instance = this.take(file, await this.bundles.threadScript());
    const giveBack = instance.lend();
    const timedOut = new Error(`${file} timed out after ${this.timeoutMs} ms.`);
    const timer = setTimeout(() => instance.stop(timedOut), this.timeoutMs);
    try {
      return await instance.invoke(file, url, event, context, this.timeoutMs);
    } catch (error) {
      // Stopped at its deadline in the thread: Lambda stops the environment too.
      if (!(error instanceof TimedOut)) throw error;
      instance.stop(timedOut);
      throw timedOut;
    } finally {
      clearTimeout(timer);
      this.busy.delete(instance);
      giveBack();
    }
  }

  /**
   * Marks busy an instance of `file` serving nothing, a warm one or else a new thread running
   * `script`, all at once, so that no two invocations take the same one.
   */
  private take(file: string, script: string): FunctionHost {
    const running = (this.instances.get(file) ?? []).filter((instance) => !instance.ended);
    const idle = running.find((instance) => !this.busy.has(instance));
    if (idle) {
      this.busy.add(idle);
      return idle;
    }
    const instance = new FunctionHost(script, {
      name: file,
      idleMs: this.limits.idleMs,
      memoryMb: this.limits.memoryMb,
      onEnded: () => {
        const left = this.instances.get(file)?.filter((each) => each !== instance) ?? [];
        this.instances.set(file, left);
        this.busy.delete(instance);
      },
    });
    this.instances.set(file, [...running, instance]);
    this.busy.add(instance);
    return instance;
  }

  async stop(): Promise<void> {
    const instances = [...this.instances.values()].flat();
    this.instances.clear();
    this.busy.clear();
    await Promise.all(instances.map((instance) => instance.end()));
  }
}
