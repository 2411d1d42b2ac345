// P3's baseline: the DynamoDB requests a handler makes for one answer, recorded once from the
// handler's own source and then sent bare with the same order between them: a request is sent as
// soon as every request that had answered before it was sent (in the recording) has answered again,
// so requests that went together go together, and one that may have used another's answer waits
// for it. A warm answer is thus compared with the least its reads and writes can take.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "@dwipper/core/dynamo";

type Command = Parameters<typeof dynamo.send>[0];
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

export interface Call<C = Command> {
  command: C;
  start: number;
  end: number;
}

/**
 * The requests of one invocation in the order they were sent, each with the requests it waited for:
 * those that had answered before it was sent.
 */
export interface RequestPlan<C = Command> {
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

/** Runs `handler` (importing core's client, which it must share) once and records its requests. */
export async function recordRequests(handler: Handler, event: unknown): Promise<RequestPlan> {
  const calls: Call[] = [];
  const send = dynamo.send.bind(dynamo) as (command: Command) => Promise<unknown>;
  const recording = async (command: Command) => {
    const call = { command, start: performance.now(), end: Number.POSITIVE_INFINITY };
    calls.push(call);
    try {
      return await send(command);
    } finally {
      call.end = performance.now();
    }
  };
  (dynamo as { send: unknown }).send = recording;
  try {
    const response = await handler(event, {});
    if (response.statusCode >= 300) throw new Error(`The handler answered ${response.statusCode}.`);
  } finally {
    (dynamo as { send: unknown }).send = send;
  }
  return planOf(calls);
}

/** A client of its own that sends a recorded invocation's requests, each once its own have answered. */
export function bareSender() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    async send(plan: RequestPlan) {
      const answered: Promise<unknown>[] = [];
      plan.commands.forEach((command, index) => {
        const Again = command.constructor as new (input: unknown) => Command;
        const waits = (plan.after[index] ?? []).map((earlier) => answered[earlier]);
        answered.push(Promise.all(waits).then(() => client.send(new Again(command.input))));
      });
      await Promise.all(answered);
    },
    destroy: () => client.destroy(),
  };
}

/** "6 requests, 2 in a row": how many requests, and the longest chain of them that waited on each other. */
export function describeRequests(plan: RequestPlan<unknown>): string {
  const depth: number[] = [];
  plan.after.forEach((earlier, index) => {
    depth[index] = 1 + Math.max(0, ...earlier.map((before) => depth[before] ?? 0));
  });
  return `${plan.commands.length} requests, ${Math.max(0, ...depth)} in a row`;
}
