// An engine in this process on a free port, with SDK clients for it, for the engine's own tests
// and the conformance suite.
import type { AddressInfo } from "node:net";
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type StreamViewType,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { Engine, type EngineOptions } from "./engine";
import { createEngineServer } from "./server";

export interface EngineUnderTest {
  engine: Engine;
  endpoint: string;
  client: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  stop(): Promise<void>;
}

export const testCredentials = { accessKeyId: "test", secretAccessKey: "test" };

/** SDK clients for `endpoint` that do not retry, so every answer is the engine's own. */
export function clientsFor(endpoint: string) {
  const settings = { endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 };
  return { client: new DynamoDBClient(settings), streams: new DynamoDBStreamsClient(settings) };
}

/**
 * How long the engine under test keeps an idle connection: longer than any test that uses it, so
 * a client that does not retry (`clientsFor`) never sends on a connection the engine is closing,
 * which would fail it with a reset rather than an answer. The local cloud's engine closes them
 * sooner, as DynamoDB does (ADR 0064); `idle-connections.test.ts` tests that.
 */
const TEST_IDLE_CONNECTION_MS = 10 * 60_000;

export async function startTestEngine(options: EngineOptions = {}): Promise<EngineUnderTest> {
  const engine = await Engine.open({ ttlSweepMs: 0, ...options });
  const server = createEngineServer(engine, TEST_IDLE_CONNECTION_MS);
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const endpoint = `http://localhost:${(server.address() as AddressInfo).port}`;
  const { client, streams } = clientsFor(endpoint);
  return {
    engine,
    endpoint,
    client,
    streams,
    async stop() {
      client.destroy();
      streams.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.close();
    },
  };
}

/** A fresh on-demand table keyed by `pk` (a string), with a stream of the given view if any. */
export async function createKeyedTable(
  client: DynamoDBClient,
  name: string,
  stream?: StreamViewType,
): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    }),
  );
  await untilActive(client, name);
  return name;
}

/**
 * Waits until a table and each of its indexes are ACTIVE: a new table, or an index added to one,
 * is CREATING at first, as on AWS.
 */
export async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (
      Table?.TableStatus === "ACTIVE" &&
      indexes.every((index) => index.IndexStatus === "ACTIVE")
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${name} did not become ACTIVE`);
}

/** The items of one partition of an index whose hash key is a string (a Query of that key alone). */
export async function indexPartition(
  client: DynamoDBClient,
  where: { table: string; index: string; attribute: string; value: string },
  more: Partial<QueryCommandInput> = {},
): Promise<Record<string, AttributeValue>[]> {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: where.table,
      IndexName: where.index,
      KeyConditionExpression: "#key = :value",
      ExpressionAttributeNames: { "#key": where.attribute },
      ExpressionAttributeValues: { ":value": { S: where.value } },
      ...more,
    }),
  );
  return Items ?? [];
}
