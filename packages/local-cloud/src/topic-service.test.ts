// The local SNS through AWS's own SDK: Publish answers before delivery, a subscriber gets SNS's
// event shape, some messages arrive twice and out of order, a failing subscriber is tried again and
// then described in Lambda's failure record (not once the topic has stopped), and errors come back
// as the SDK's own exceptions.
import { NotFoundException, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCredentials } from "./credentials";
import {
  type AsyncFailureRecord,
  type SnsEvent,
  startTopicService,
  type TopicService,
} from "./topic-service";

let service: TopicService;
let sns: SNSClient;

/** An SNS client of the service's own. */
const clientOf = (topics: TopicService) =>
  new SNSClient({ endpoint: topics.endpoint, region: "us-east-1", credentials: localCredentials });

beforeAll(async () => {
  service = await startTopicService({ region: "us-east-1", retryDelaysMs: [10, 20] });
  sns = clientOf(service);
});
afterAll(async () => {
  sns.destroy();
  await service.stop();
});

describe("the local topic", () => {
  it("answers Publish at once and delivers SNS's event, with its attributes, after", async () => {
    const topic = service.createTopic(`t-${Date.now()}`);
    const delivered: SnsEvent[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    service.subscribe(topic, {
      functionName: "f",
      retries: 2,
      invoke: async (event) => {
        await gate;
        delivered.push(event);
      },
      onFailure: async () => {},
    });
    const answer = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Message: '{"n":1}',
        MessageAttributes: { kind: { DataType: "String", StringValue: "upvote" } },
      }),
    );
    expect(answer.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivered).toEqual([]);
    release();
    await service.settled();
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    const record = delivered[0]?.Records[0];
    expect(record).toMatchObject({
      EventSource: "aws:sns",
      Sns: {
        Type: "Notification",
        MessageId: answer.MessageId,
        TopicArn: topic,
        Message: '{"n":1}',
        MessageAttributes: { kind: { Type: "String", Value: "upvote" } },
      },
    });
  });

  it("delivers some messages more than once: at least once, as SNS does", async () => {
    const topic = service.createTopic(`t-${Date.now()}-dup`);
    const seen: string[] = [];
    service.subscribe(topic, {
      functionName: "f",
      retries: 0,
      invoke: async (event) => {
        seen.push(event.Records[0]?.Sns.MessageId ?? "");
      },
      onFailure: async () => {},
    });
    const ids = new Set<string>();
    for (let n = 0; n < 40; n++) {
      const answer = await sns.send(new PublishCommand({ TopicArn: topic, Message: String(n) }));
      ids.add(answer.MessageId ?? "");
    }
    await service.settled();
    expect(new Set(seen)).toEqual(ids);
    // With a quarter of them twice, 40 messages all arriving once would be a 1 in 100,000 chance.
    expect(seen.length).toBeGreaterThan(ids.size);
  });

  it("keeps no order: messages published one after another overtake each other", async () => {
    const topic = service.createTopic(`t-${Date.now()}-order`);
    const firsts: number[] = [];
    service.subscribe(topic, {
      functionName: "f",
      retries: 0,
      invoke: async (event) => {
        const n = Number(event.Records[0]?.Sns.Message);
        if (!firsts.includes(n)) firsts.push(n);
      },
      onFailure: async () => {},
    });
    const published = Array.from({ length: 20 }, (_, n) => n);
    for (const n of published) {
      await sns.send(new PublishCommand({ TopicArn: topic, Message: String(n) }));
    }
    await service.settled();
    expect([...firsts].sort((a, b) => a - b)).toEqual(published);
    // Twenty deliveries, each after a random pause of up to 200 ms, all in order by chance: never.
    expect(firsts).not.toEqual(published);
  });

  it("told to wait no random moment, delivers in the order published (the bench's stacks)", async () => {
    const own = await startTopicService({ region: "us-east-1", jitterMs: 0, duplicateRate: 0 });
    const topic = own.createTopic(`t-${Date.now()}-prompt`);
    const arrived: number[] = [];
    own.subscribe(topic, {
      functionName: "f",
      retries: 0,
      invoke: async (event) => {
        arrived.push(Number(event.Records[0]?.Sns.Message));
      },
      onFailure: async () => {},
    });
    const client = clientOf(own);
    const published = Array.from({ length: 20 }, (_, n) => n);
    for (const n of published) {
      await client.send(new PublishCommand({ TopicArn: topic, Message: String(n) }));
    }
    client.destroy();
    await own.settled();
    await own.stop();
    expect(arrived).toEqual(published);
  });

  it("tries a failing subscriber again, then describes it as Lambda's on-failure destination gets it", async () => {
    const topic = service.createTopic(`t-${Date.now()}-fail`);
    let tries = 0;
    const failures: AsyncFailureRecord[] = [];
    service.subscribe(topic, {
      functionName: "notices/notify",
      retries: 2,
      invoke: async () => {
        tries++;
        throw new TypeError("no good");
      },
      onFailure: async (record) => {
        failures.push(record);
      },
    });
    await sns.send(new PublishCommand({ TopicArn: topic, Message: "bad" }));
    await service.settled();
    // Each delivery (one, or two when duplicated) is tried three times and then described.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(tries).toBe(failures.length * 3);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 3 },
      requestPayload: { Records: [{ Sns: { Message: "bad", TopicArn: topic } }] },
      responsePayload: { errorType: "TypeError", errorMessage: "no good" },
    });
  });

  it("stopped while a last try fails, describes nothing: the try may have failed for the stop", async () => {
    const own = await startTopicService({ region: "us-east-1", jitterMs: 0 });
    const topic = own.createTopic(`t-${Date.now()}`);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tried = false;
    const failures: AsyncFailureRecord[] = [];
    own.subscribe(topic, {
      functionName: "f",
      retries: 0,
      invoke: async () => {
        tried = true;
        await gate;
        throw new Error("its thread was stopped");
      },
      onFailure: async (record) => {
        failures.push(record);
      },
    });
    const client = clientOf(own);
    await client.send(new PublishCommand({ TopicArn: topic, Message: "{}" }));
    client.destroy();
    while (!tried) await new Promise((resolve) => setTimeout(resolve, 5));
    await own.stop();
    release();
    await own.settled();
    expect(failures).toEqual([]);
  });

  it("keeps a connection open without naming for how long, as SNS does", async () => {
    const answer = await fetch(service.endpoint, { method: "POST", body: "Action=Publish" });
    await answer.text();
    expect(answer.headers.get("connection")).toBe("keep-alive");
    expect(answer.headers.get("keep-alive")).toBeNull();
  });

  it("refuses an unknown topic as SNS does", async () => {
    await expect(
      sns.send(
        new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:none", Message: "x" }),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
  });
});
