// The local SQS through AWS's own SDK: at-least-once delivery with visibility timeouts, receipt
// handles that delete only the latest receipt, and errors the SDK turns into its own exceptions.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
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

  it("hides a message for the visibility timeout its queue was made with, when a receive names none", async () => {
    const queueUrl = service.createQueue(`q-${Date.now()}-own`, { visibilitySeconds: 1 });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "x" }));
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout"] }),
    );
    expect(attributes.Attributes?.VisibilityTimeout).toBe("1");

    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    expect(first.Messages).toHaveLength(1);
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages ?? [],
    ).toEqual([]);
    // Back after a second, where SQS's default would hide it for 30.
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3 }),
    );
    expect(again.Messages?.[0]?.MessageId).toBe(first.Messages?.[0]?.MessageId);
  });

  it("gives a queue kept from an earlier run the visibility it is made with now", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "queues-"));
    const name = `q-${Date.now()}-kept`;
    const earlier = await startQueueService({ dataDir });
    earlier.createQueue(name);
    await earlier.stop();

    const later = await startQueueService({ dataDir });
    const client = new SQSClient({
      endpoint: later.endpoint,
      region: "us-east-1",
      credentials: localCredentials,
    });
    try {
      const queueUrl = later.createQueue(name, { visibilitySeconds: 60 });
      const attributes = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
      );
      expect(attributes.Attributes?.VisibilityTimeout).toBe("60");
    } finally {
      client.destroy();
      await later.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
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
