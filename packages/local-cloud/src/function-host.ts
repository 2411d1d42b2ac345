// One thread of the routes' and the pool's triggers' instances (function-host-thread.ts), seen
// from the local cloud's process: it loads a bundle's copy there, invokes it with Lambda's context
// as data, and is ended once retired and idle, or with the cloud.
import { randomUUID } from "node:crypto";
import { SHARE_ENV, Worker } from "node:worker_threads";
import { LAMBDA_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import type { Context } from "aws-lambda";
import * as esbuild from "esbuild";
import type { HostAnswer, HostRequest } from "./function-host-thread";
import type { LambdaHandler } from "./handler-bundles";
import type { ContextData } from "./lambda-context";
import { TimedOut } from "./lambda-timeout";

type Asked = HostRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/** Bundles the thread's code into `outDir` (once per cloud): plain ESM, which any thread runs. */
export async function buildHostThread(outDir: string): Promise<string> {
  const outfile = `${outDir}/function-host-thread.mjs`;
  await esbuild.build({
    entryPoints: [`${import.meta.dirname}/function-host-thread.ts`],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    logLevel: "silent",
  });
  return outfile;
}

/**
 * What crosses to a function's thread of the context an invocation was handed: the names its
 * fields are made from, and its clock as a deadline (the time it has left, or `timeoutMs` from now
 * if it has no clock). The thread makes the context again from them (`lambdaContext`).
 */
export function contextMessage(
  functionName: string,
  context: unknown,
  timeoutMs = LAMBDA_TIMEOUT_SECONDS * 1000,
): ContextData {
  const given = (context ?? {}) as Partial<Context>;
  const deadline =
    Date.now() +
    (typeof given.getRemainingTimeInMillis === "function"
      ? given.getRemainingTimeInMillis()
      : timeoutMs);
  return {
    functionName: given.functionName ?? functionName,
    awsRequestId: given.awsRequestId ?? randomUUID(),
    deadline,
  };
}

export interface HostOptions {
  /** What the thread runs, for its errors: a function's name, or the routes and triggers. */
  name: string;
  /** How long the thread may run nothing before it is retired, ms. */
  idleMs: number;
  /** The heap the thread may use, MB (a function's memory); unbounded if left out. */
  memoryMb?: number;
  /** Called once the thread has stopped. */
  onEnded?: () => void;
}

export class FunctionHost {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private retired = false;
  /** Instances lent for an invocation that may not have been sent yet. */
  private lent = 0;
  /** Set while the thread runs and lends nothing: when it fires, the thread is retired. */
  private idle?: NodeJS.Timeout;
  /** Set once the thread has stopped: the next instance is made in a new one. */
  ended = false;

  constructor(
    script: string,
    private readonly options: HostOptions,
  ) {
    // The environment is this process's: the stack's links and endpoints.
    const { memoryMb, name } = options;
    this.worker = new Worker(script, {
      env: SHARE_ENV,
      ...(memoryMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: memoryMb } }),
    });
    this.worker.on("message", (answer: HostAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (waiting) {
        if (!answer.error) waiting.resolve(answer.result);
        else {
          const { name, message, stack } = answer.error;
          const error = answer.timedOut ? new TimedOut(message) : new Error(message);
          waiting.reject(Object.assign(error, { name, stack }));
        }
      }
      this.settle();
    });
    this.worker.on("error", (error: Error & { code?: string }) =>
      this.lose(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new Error(`${name} ran out of its ${memoryMb} MB of memory.`)
          : error,
      ),
    );
    this.worker.on("exit", (code) =>
      this.lose(new Error(`The thread of ${name} stopped (exit code ${code}).`)),
    );
  }

  /** Loads `url`'s bundle in the thread, and answers its handler, invoked there. */
  async load(file: string, url: string): Promise<LambdaHandler> {
    await this.ask({ kind: "load", url });
    return (event, context) => this.invoke(file, url, event, context);
  }

  /** Invokes `url`'s bundle in the thread (loading it first if need be), within `timeoutMs`. */
  invoke(file: string, url: string, event: unknown, context: unknown, timeoutMs?: number) {
    const sent = contextMessage(file, context, timeoutMs);
    return this.ask({ kind: "invoke", url, event, context: sent });
  }

  /** Stops the thread as Lambda stops a container: what it runs fails with `reason`. */
  stop(reason: Error): void {
    this.lose(reason);
    void this.end();
  }

  /** Marks one of the thread's instances lent until the function given back is called. */
  lend(): () => void {
    this.lent++;
    clearTimeout(this.idle);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.lent--;
      this.settle();
    };
  }

  /** Serves nothing new; the thread ends once what it runs has finished. */
  retire(): void {
    this.retired = true;
    this.settle();
  }

  async end(): Promise<void> {
    this.ended = true;
    clearTimeout(this.idle);
    await this.worker.terminate();
  }

  private ask(request: Asked): Promise<unknown> {
    if (this.ended) return Promise.reject(new Error("The functions' thread has stopped."));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Once the thread runs and lends nothing: ends it if retired, else retires it when idle. */
  private settle(): void {
    if (this.pending.size > 0 || this.lent > 0 || this.ended) return;
    if (this.retired) {
      void this.end();
      return;
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.retire(), this.options.idleMs);
    this.idle.unref();
  }

  private lose(reason: Error): void {
    this.ended = true;
    this.options.onEnded?.();
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}
