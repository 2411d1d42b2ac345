// A wait bounded by a Lambda timeout, for the local cloud's own process: the gateway's wait for a
// route, Cognito's for its trigger. Nothing an invocation runs is in this process (its thread
// stops it at its deadline, stopped-invocations.ts), so here a timeout only ends the wait, and
// node:http is left as it is for the process's own requests.

/** What an invocation became when it outlived its timeout. */
export class TimedOut extends Error {}

/** `run`'s answer, or TimedOut once `ms` have passed (`run` goes on; nothing waits for it). */
export async function within<T>(run: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`ran past its ${ms} ms timeout`)), ms);
  });
  try {
    return await Promise.race([run(), late]);
  } finally {
    clearTimeout(timer);
  }
}
