// The local SQS through AWS's own SDK: at-least-once delivery with visibility timeouts, receipt
// handles that delete only the latest receipt, and errors the SDK turns into its own exceptions.
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCredentials } from "./credentials";
import { type QueueService, startQueueService } from "./queue-service";

let service: QueueService;
let sqs: SQSClient;

beforeAll(async () => {
  service = await startQueueService();
  sqs = new SQSClient({
    endpoint: service.endpoint,
    region: "us-east-1",
    credentials: localCredentials,
  });
});
afterAll(async () => {
  sqs.destroy();
  await service.stop();
});

describe("the local queue", () => {
  it("hides a received message for its visibility timeout and delivers it again if not deleted", async () => {
    const queueUrl = service.createQueue(`q-${Date.now()}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"n":1}' }));
    const first = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 1 }),
    );
    expect(first.Messages?.map((message) => message.Body)).toEqual(['{"n":1}']);
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    expect(hidden.Messages ?? []).toEqual([]);

    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3, VisibilityTimeout: 30 }),
    );
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe("2");

    // The first receipt no longer deletes it; the latest does.
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: first.Messages?.[0]?.ReceiptHandle,
      }),
    );
    const counts = async () =>
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ["ApproximateNumberOfMessagesNotVisible"],
          }),
        )
      ).Attributes?.ApproximateNumberOfMessagesNotVisible;
    expect(await counts()).toBe("1");
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: again.Messages?.[0]?.ReceiptHandle,
      }),
    );
    expect(await counts()).toBe("0");
  });

  it("answers an unknown queue with SQS's own error", async () => {
    await expect(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: `${service.endpoint}/000000000000/nowhere`,
          MessageBody: "x",
        }),
      ),
    ).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});
