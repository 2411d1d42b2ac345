// A thread functions run in: the routes' and the pool's triggers' instances, all in one
// (handler-bundles.ts), or one stream or topic subscriber's (background-functions.ts). Each
// instance is a copy of its function's bundle, each invocation is handed Lambda's context, is
// stopped at its deadline as Lambda stops it, and what it leaves running once it has answered
// waits until its instance runs again (stopped-invocations.ts, installed here before any bundle
// loads). A process cannot unload a module, so the copies a rebuild leaves behind go only with
// their thread: `npm run dev` starts a new one when a function's code changes and ends the old one
// once it has nothing running. Bundled with esbuild when first needed, so it runs as plain ESM.
import { parentPort } from "node:worker_threads";
import { type ContextData, lambdaContext } from "./lambda-context";
import { TimedOut } from "./lambda-timeout";
import { InstanceRuns, runWithin } from "./stopped-invocations";

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export type HostRequest =
  | { kind: "load"; id: number; url: string }
  | { kind: "invoke"; id: number; url: string; event: unknown; context: ContextData };

export interface HostAnswer {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
  /** The invocation ran past its deadline and was stopped there. */
  timedOut?: boolean;
}

/** A loaded copy of a bundle: one instance, which serves one invocation at a time. */
interface Instance {
  handler: Handler;
  runs: InstanceRuns;
}

/** Each instance, by its copy's URL. */
const instances = new Map<string, Instance>();

async function load(url: string): Promise<Instance> {
  let instance = instances.get(url);
  if (!instance) {
    const module = (await import(url)) as { handler?: unknown };
    if (typeof module.handler !== "function") {
      throw new Error(`${url} does not export a function named "handler".`);
    }
    instance = { handler: module.handler as Handler, runs: new InstanceRuns() };
    instances.set(url, instance);
  }
  return instance;
}

async function answer(request: HostRequest): Promise<Omit<HostAnswer, "id">> {
  if (request.kind === "load") {
    await load(request.url);
    return {};
  }
  const { handler, runs } = await load(request.url);
  const context = lambdaContext(request.context);
  const ms = request.context.deadline - Date.now();
  return { result: await runWithin(() => handler(request.event, context), ms, runs) };
}

parentPort?.on("message", async (request: HostRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, ...(await answer(request)) });
  } catch (error) {
    const { name = "Error", message = String(error), stack } = (error ?? {}) as Error;
    parentPort?.postMessage({
      id: request.id,
      error: { name, message, stack },
      timedOut: error instanceof TimedOut,
    } satisfies HostAnswer);
  }
});
