// P3's baseline: the DynamoDB requests a handler makes for one answer, recorded once from the
// handler's own source and then sent bare, in the same waves (requests that were in flight together
// go together), so a warm answer is compared with the least its reads and writes can take.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "@dwipper/core/dynamo";

type Command = Parameters<typeof dynamo.send>[0];
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

interface Call {
  command: Command;
  start: number;
  end: number;
}

/** The requests of one invocation, grouped into waves of requests that overlapped. */
export type Waves = Command[][];

/** Runs `handler` (importing core's client, which it must share) once and records its requests. */
export async function recordWaves(handler: Handler, event: unknown): Promise<Waves> {
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
  const waves: Call[][] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const wave = waves.at(-1);
    if (wave?.some((earlier) => earlier.end > call.start)) wave.push(call);
    else waves.push([call]);
  }
  return waves.map((wave) => wave.map((call) => call.command));
}

/** A client of its own that sends recorded waves, one after another, each wave's requests at once. */
export function bareSender() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    async send(waves: Waves) {
      for (const wave of waves) {
        await Promise.all(
          wave.map((command) => {
            const Again = command.constructor as new (input: unknown) => Command;
            return client.send(new Again(command.input));
          }),
        );
      }
    },
    destroy: () => client.destroy(),
  };
}

/** "2 + 1": how many requests each wave holds. */
export const describeWaves = (waves: Waves) => waves.map((wave) => wave.length).join(" + ");
