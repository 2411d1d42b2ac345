// A handler's DynamoDB requests as a plan: in the order they were sent, each with the requests it
// waited for (those that had answered before it was sent in the recording), and how to send such a
// plan again in the same order. No client here, so a bundle built on it carries only its own.

export interface Call<C> {
  command: C;
  start: number;
  end: number;
}

/**
 * The requests of one invocation in the order they were sent, each with the requests it waited for:
 * those that had answered before it was sent.
 */
export interface RequestPlan<C> {
  commands: C[];
  after: number[][];
}

/** The plan of recorded calls: in the order they were sent, each after those answered by then. */
export function planOf<C>(calls: Call<C>[]): RequestPlan<C> {
  const ordered = [...calls].sort((a, b) => a.start - b.start);
  return {
    commands: ordered.map((call) => call.command),
    after: ordered.map((call) =>
      ordered.flatMap((earlier, index) => (earlier.end <= call.start ? [index] : [])),
    ),
  };
}

/**
 * Sends every request of `plan` with `send`, each as soon as the requests it waited for have
 * answered, so requests that went together go together.
 */
export async function sendInOrder<C>(
  plan: RequestPlan<C>,
  send: (command: C) => Promise<unknown>,
): Promise<void> {
  const answered: Promise<unknown>[] = [];
  plan.commands.forEach((command, index) => {
    const waits = (plan.after[index] ?? []).map((earlier) => answered[earlier]);
    answered.push(Promise.all(waits).then(() => send(command)));
  });
  await Promise.all(answered);
}

/** "6 requests, 2 in a row": how many requests, and the longest chain of them that waited on each other. */
export function describeRequests(plan: RequestPlan<unknown>): string {
  const depth: number[] = [];
  plan.after.forEach((earlier, index) => {
    depth[index] = 1 + Math.max(0, ...earlier.map((before) => depth[before] ?? 0));
  });
  return `${plan.commands.length} requests, ${Math.max(0, ...depth)} in a row`;
}
