// `npm run redrive` stands in for Lambda's subscription of the redrive to its queue: each message
// reaches the function with Lambda's context, is deleted once handled, and one that failed stays
// hidden for the queue's own visibility timeout, as Lambda's poller leaves it.
import { randomUUID } from "node:crypto";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { LAMBDA_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import type { Context, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCredentials, REGION } from "../credentials";
import type { StackInfo } from "../local-cloud";
import { type QueueService, startQueueService } from "../queue-service";
import { redriveOnce } from "./redrive";

let service: QueueService;
let sqs: SQSClient;

beforeAll(async () => {
  service = await startQueueService();
  sqs = new SQSClient({
    endpoint: service.endpoint,
    region: REGION,
    credentials: localCredentials,
  });
});
afterAll(async () => {
  sqs.destroy();
  await service.stop();
});

/** A stack whose stream failure queue is a fresh one of `visibilitySeconds`. */
async function stackWithFailures(visibilitySeconds: number, bodies: string[]) {
  const streamFailures = service.createQueue(`failures-${randomUUID()}`, {
    visibilitySeconds,
  });
  for (const body of bodies) {
    await sqs.send(new SendMessageCommand({ QueueUrl: streamFailures, MessageBody: body }));
  }
  const stack = {
    region: REGION,
    queues: { endpoint: service.endpoint, streamFailures, noticeFailures: "" },
  } as StackInfo;
  return { stack, queueUrl: streamFailures };
}

const waiting = async (queueUrl: string) =>
  (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    )
  ).Attributes;

describe("the local redrive", () => {
  it("hands each message to the function with Lambda's context, and deletes what it handled", async () => {
    const { stack, queueUrl } = await stackWithFailures(60, ["one", "two"]);
    const seen: { body: string | undefined; context: Context; left: number }[] = [];
    const outcome = await redriveOnce(stack, async (event: SQSEvent, context: Context) => {
      seen.push({
        body: event.Records[0]?.body,
        context,
        left: context.getRemainingTimeInMillis(),
      });
    });

    expect(outcome).toEqual({ redriven: 2, failed: 0 });
    expect(seen.map((entry) => entry.body).sort()).toEqual(["one", "two"]);
    const [first, second] = seen;
    expect(first?.context).toMatchObject({
      functionName: "stream/redrive-follow-dwipps",
      invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:.+:function:stream\/redrive/),
      memoryLimitInMB: "512",
    });
    // A request id of its own for each invocation, and the function's whole timeout ahead of it.
    expect(first?.context.awsRequestId).not.toBe(second?.context.awsRequestId);
    expect(first?.left).toBeGreaterThan(0);
    expect(first?.left).toBeLessThanOrEqual(LAMBDA_TIMEOUT_SECONDS * 1000);
    expect(await waiting(queueUrl)).toMatchObject({
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
    });
  });

  it("leaves a message that failed hidden for the queue's visibility timeout, then on the queue", async () => {
    const { stack, queueUrl } = await stackWithFailures(1, ["poisoned"]);
    const outcome = await redriveOnce(stack, async () => {
      throw new Error("failed again");
    });

    expect(outcome).toEqual({ redriven: 0, failed: 1 });
    expect(await waiting(queueUrl)).toMatchObject({ ApproximateNumberOfMessagesNotVisible: "1" });
    const back = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3 }),
    );
    expect(back.Messages?.map((message) => message.Body)).toEqual(["poisoned"]);
  });
});
