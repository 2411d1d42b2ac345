// Global secondary indexes trail their table, on AWS and in the local cloud (its engine lags them by
// default), and work done off the request path trails the write that set it off: a read right after
// a write may not show it yet. A test that means "once the indexes (or the pipeline) have caught
// up" says so with this, rather than leaning on an engine kinder than AWS.

/**
 * Reads until `shows` holds of the answer, for up to `timeoutMs`, and returns the last answer either
 * way, so the test's own assertion reports what was there.
 */
export async function whenIndexed<T>(
  read: () => Promise<T>,
  shows: (answer: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (shows(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * As `whenIndexed`, for a wait the test cannot go on without (what it reads next assumes it): fails
 * with the answer as last read if `shows` never held, so that a late index or pipeline fails the
 * test where it was late, not a step later, and never lets it pass without what it was to check.
 */
export async function requireIndexed<T>(
  read: () => Promise<T>,
  shows: (answer: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const answer = await whenIndexed(read, shows, timeoutMs);
  if (shows(answer)) return answer;
  const lastRead = JSON.stringify(answer) ?? String(answer);
  const shown = lastRead.length > 2_000 ? `${lastRead.slice(0, 2_000)}…` : lastRead;
  throw new Error(`not shown within ${timeoutMs} ms; the answer as last read: ${shown}`);
}

/**
 * How long a test waits for work done off the request path, through a stream's subscriber and then
 * the topic's (a notification, or its leaving with a deleted Dwipp): a second or two here, but a
 * cold start of both on a fresh stack, with another stack beside it, has taken more than eight.
 */
export const PIPELINE_WAIT_MS = 20_000;

/** Whether every id is among `items`. */
export const listsAll = (ids: string[]) => (items: { id: string }[]) =>
  ids.every((id) => items.some((item) => item.id === id));
