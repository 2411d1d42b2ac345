// `npm run redrive`: hands the records the stream's cleanup gave up on back to it, from the local
// cloud's failure queue, through the same redrive function AWS runs when its event source mapping
// is turned on (docs/operations.md). Lambda's SQS mapping, run until the queue has nothing new.
import "../quiet-sdk-notices";
import { randomUUID } from "node:crypto";
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { LAMBDA_TIMEOUT_SECONDS, streamSubscribers } from "@dwipper/functions/routes";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { localCredentials } from "../credentials";
import { functionEnvironment, runningStack } from "../function-environment";
import { lambdaContext } from "../lambda-context";
import type { StackInfo } from "../local-cloud";

/** Lambda's contract for a queue's function: a throw fails the batch, or it names what failed. */
type QueueHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

/** The function that reruns what the stream's subscriber gave up on (routes.ts). */
const redriveFile = streamSubscribers.find((subscriber) => subscriber.redrive)?.redrive?.file;

/** A message as Lambda's SQS mapping hands it to a function. */
function toSqsRecord(message: Message, queueUrl: string, region: string) {
  const name = queueUrl.split("/").at(-1);
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
      SentTimestamp: message.Attributes?.SentTimestamp ?? "0",
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${region}:000000000000:${name}`,
    awsRegion: region,
  };
}

/**
 * Receives every message on the queue once, one at a time (the stack's batch size), and deletes
 * it unless the handler threw or named it as failed; a failed one waits out its visibility timeout,
 * the queue's own (as Lambda's poller takes it) unless the caller names another.
 */
export async function redriveOnce(
  stack: StackInfo,
  handler: QueueHandler,
  visibilitySeconds?: number,
): Promise<{ redriven: number; failed: number }> {
  const sqs = new SQSClient({
    endpoint: stack.queues.endpoint,
    region: stack.region,
    credentials: localCredentials,
  });
  const queueUrl = stack.queues.streamFailures;
  const seen = new Set<string>();
  let redriven = 0;
  let failed = 0;
  try {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 1,
          VisibilityTimeout: visibilitySeconds,
          MessageSystemAttributeNames: ["All"],
        }),
      );
      const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ""));
      if (fresh.length === 0) return { redriven, failed };
      for (const message of fresh) seen.add(message.MessageId ?? "");
      // Each invocation with Lambda's context, by whose clock the function ends its retries.
      const context = lambdaContext({
        functionName: redriveFile ?? "redrive",
        awsRequestId: randomUUID(),
        deadline: Date.now() + LAMBDA_TIMEOUT_SECONDS * 1000,
      });
      const event = {
        Records: fresh.map((message) => toSqsRecord(message, queueUrl, stack.region)),
      };
      const failedIds = await handler(event, context).then(
        (answer) => {
          const named = (answer as Partial<SQSBatchResponse> | undefined)?.batchItemFailures ?? [];
          return new Set(named.map((entry) => entry.itemIdentifier));
        },
        () => new Set(fresh.map((message) => message.MessageId ?? "")),
      );
      for (const message of fresh) {
        if (failedIds.has(message.MessageId ?? "")) {
          failed++;
          continue;
        }
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        redriven++;
      }
    }
  } finally {
    sqs.destroy();
  }
}

async function main() {
  const stack = await runningStack("npm run redrive");
  Object.assign(process.env, functionEnvironment(stack));
  const { handler } = await import("@dwipper/functions/stream/redrive-follow-dwipps");
  const { redriven, failed } = await redriveOnce(stack, handler);
  console.log(
    `Redrove ${redriven} failure message(s); ${failed} failed again and stay on the queue.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error("Redrive failed:", error);
    process.exit(1);
  });
}
