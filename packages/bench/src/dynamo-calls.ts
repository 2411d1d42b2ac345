// P3's baseline: the DynamoDB requests a handler makes for one answer, recorded once from the
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
