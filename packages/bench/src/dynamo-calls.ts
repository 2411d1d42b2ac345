// P3's baseline: the DynamoDB requests a handler makes for one warm answer, recorded from the
// handler's own source and then sent bare with the same order between them: a request is sent as
// soon as every request that had answered before it was sent (in the recording) has answered again,
// so requests that went together go together, and one that may have used another's answer waits
// for it. A warm answer is thus compared with the least its reads and writes can take.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "@dwipper/core/dynamo";
import { type Call, planOf, type RequestPlan, sendInOrder } from "./request-plan";

type Command = Parameters<typeof dynamo.send>[0];
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

/** Runs `handler` (importing core's client, which it must share) once and records its requests. */
export async function recordRequests(
  handler: Handler,
  event: unknown,
): Promise<RequestPlan<Command>> {
  const calls: Call<Command>[] = [];
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

/**
 * The requests of a warm answer as the handler mostly makes them. A read takes the person's budget
 * in blocks (ADR 0008, amended), so most warm answers write nothing to `budgetTable`, and one in a
 * block's worth writes. A recording that happened to take a block would put that write in every
 * bare baseline; one that never does leaves it, as often as it happens, in the handler's timings.
 * So this records answers until one writes nothing to the budget (the handler runs warm first).
 */
export async function recordWarmRequests(
  handler: Handler,
  event: unknown,
  budgetTable: string,
): Promise<RequestPlan<Command>> {
  for (let tries = 0; tries < 5; tries++) {
    const plan = await recordRequests(handler, event);
    const takesBudget = plan.commands.some(
      (command) => (command.input as { TableName?: string }).TableName === budgetTable,
    );
    if (!takesBudget) return plan;
  }
  throw new Error("Every recorded answer wrote to the budget; a warm answer mostly does not.");
}

/** A client of its own that sends a recorded invocation's requests, each once its own have answered. */
export function bareSender() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    send: (plan: RequestPlan<Command>) =>
      sendInOrder(plan, (command) => {
        const Again = command.constructor as new (input: unknown) => Command;
        return client.send(new Again(command.input));
      }),
    destroy: () => client.destroy(),
  };
}
