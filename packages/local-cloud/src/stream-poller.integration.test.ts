// The local event source mapping against the engine's stream: a batch whose handler fails is
// delivered again (at least once, in order, as Lambda does), and records arrive in Lambda's shape,
// a TTL deletion naming the service that made it.
import { randomUUID } from "node:crypto";
import {
  DescribeTableCommand,
  PutItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  createKeyedTable,
  type EngineUnderTest,
  startTestEngine,
} from "@dwipper/dynamodb-engine/testing";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, expect, it } from "vitest";
import { StreamPoller } from "./stream-poller";

let local: EngineUnderTest;
beforeAll(async () => {
  local = await startTestEngine();
});
afterAll(async () => {
  await local.stop();
});

async function until(check: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it("redelivers a failed batch, then names the service for a TTL deletion", async () => {
  const table = await createKeyedTable(
    local.client,
    `stream-${randomUUID()}`,
    "NEW_AND_OLD_IMAGES",
  );
  await local.client.send(
    new UpdateTimeToLiveCommand({
      TableName: table,
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    }),
  );
  const { Table } = await local.client.send(new DescribeTableCommand({ TableName: table }));
  const deliveries: DynamoDBRecord[][] = [];
  let failures = 1;
  const poller = new StreamPoller({
    client: local.streams,
    streamArn: Table?.LatestStreamArn as string,
    region: "us-east-1",
    intervalMs: 20,
    onError: () => {},
    handler: async () => async (event: unknown) => {
      const records = (event as { Records: DynamoDBRecord[] }).Records;
      deliveries.push(records);
      if (failures-- > 0) throw new Error("the subscriber failed once");
    },
  });
  poller.start();
  try {
    const past = String(Math.floor(Date.now() / 1000) - 60);
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, expiresAt: { N: past } } }),
    );
    await until(() => deliveries.length >= 2);
    expect(deliveries[0]?.map((record) => record.eventName)).toEqual(["INSERT"]);
    expect(deliveries[1]).toEqual(deliveries[0]);
    expect(deliveries[0]?.[0]?.eventSourceARN).toBe(Table?.LatestStreamArn);

    await local.engine.sweepExpired();
    await until(() => deliveries.some((batch) => batch[0]?.eventName === "REMOVE"));
    const removal = deliveries.find((batch) => batch[0]?.eventName === "REMOVE")?.[0];
    expect(removal?.userIdentity).toEqual({
      type: "Service",
      principalId: "dynamodb.amazonaws.com",
    });
    expect(typeof removal?.dynamodb?.ApproximateCreationDateTime).toBe("number");
  } finally {
    await poller.stop();
  }
});
