// Global secondary indexes trail their table, on AWS and in the local cloud (its engine lags them by
// default): a list read right after a write may not show that write yet. A test that means "once
// the indexes have caught up" says so with this, rather than leaning on an engine kinder than AWS.

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

/** Whether every id is among `items`. */
export const listsAll = (ids: string[]) => (items: { id: string }[]) =>
  ids.every((id) => items.some((item) => item.id === id));
