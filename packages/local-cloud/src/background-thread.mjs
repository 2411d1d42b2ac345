// The thread a background function runs in (background-functions.ts): it imports the function's
// bundle and answers each invocation it is sent, as a Lambda container of that function would.
// Plain JavaScript, so the thread loads nothing but the bundles.
import { parentPort } from "node:worker_threads";

const handlers = new Map();

async function handlerAt(url) {
  let handler = handlers.get(url);
  if (!handler) {
    handler = (await import(url)).handler;
    if (typeof handler !== "function") throw new Error(`${url} exports no handler.`);
    handlers.set(url, handler);
  }
  return handler;
}

parentPort.on("message", async ({ id, url, event, context }) => {
  // The context's clock, which cannot cross as a function (lambda-context.ts).
  const getRemainingTimeInMillis = () => Math.max(0, context.deadline - Date.now());
  try {
    const result = await (await handlerAt(url))(event, { ...context, getRemainingTimeInMillis });
    parentPort.postMessage({ id, result });
  } catch (error) {
    const { name = "Error", message = String(error), stack } = error ?? {};
    parentPort.postMessage({ id, error: { name, message, stack } });
  }
});
