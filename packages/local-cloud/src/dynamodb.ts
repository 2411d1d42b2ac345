// The local cloud's database: Dwipper's own engine by default (open source, Node only), DynamoDB
// Local by choice (DWIPPER_DYNAMODB_ENGINE=dynamodb-local), or any endpoint already running
// (DWIPPER_DYNAMODB_ENDPOINT); and the tables of packages/core/src/table-definitions.ts created
// in it, or brought up to date, on every start.
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type GlobalSecondaryIndexDescription,
  ResourceNotFoundException,
  type StreamViewType,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "@dwipper/core/table-definitions";
import {
  DESCRIBE_STREAM_PER_SECOND,
  PARTITION_READ_UNITS,
  PARTITION_WRITE_UNITS,
  SHARD_LIFETIME_SECONDS,
  SHARD_READS_PER_SECOND,
  STREAM_SHARDS,
} from "@dwipper/dynamodb-engine/aws-limits";
import { startEngineProcess } from "@dwipper/dynamodb-engine/process";
import { localCredentials } from "./credentials";
import { startDynamoDbLocal } from "./dynamodb-local";
import { SettingError } from "./settings";

export const engines = ["dwipper", "dynamodb-local"] as const;
export type EngineName = (typeof engines)[number];

export interface DynamoDbSettings {
  engine: EngineName;
  /** An engine already running elsewhere; the local cloud then starts none. */
  endpoint?: string;
  /**
   * How long eventually consistent reads trail the writes: every index read, and a table read
   * without `ConsistentRead` (Dwipper's engine only).
   */
  readLagMs: number;
  /** Write units a partition takes a second before it throttles; 0: never (Dwipper's engine only). */
  partitionWriteUnits: number;
  /** The same for read units. */
  partitionReadUnits: number;
  /** Shards a table's stream has; 0: one (Dwipper's engine only). */
  streamShards: number;
  /** Seconds a stream shard is written before it rolls over; 0: never (Dwipper's engine only). */
  shardLifetimeSeconds: number;
  /** `GetRecords` a stream shard takes a second before it throttles; 0: never (Dwipper's engine). */
  shardReadsPerSecond: number;
  /** `DescribeStream` the account takes a second; 0: without limit (Dwipper's engine only). */
  describeStreamsPerSecond: number;
  /**
   * The share of committed writes whose answer is lost on a first try (ADR 0057); 0 unless set,
   * a test of its own sets it (Dwipper's engine only).
   */
  lostAnswerRate?: number;
}

/**
 * How far eventually consistent reads trail the writes unless told otherwise: on AWS a global
 * secondary index, and a table read without `ConsistentRead`, may miss a write already
 * acknowledged, typically for a fraction of a second, so the local cloud's do too, and a test that
 * reads either right after a write must cope as the app must. Only Dwipper's own engine can lag;
 * DynamoDB Local and an engine run elsewhere answer as they do.
 */
export const DEFAULT_READ_LAG_MS = 300;

/**
 * How long the suites' stream shards are written before they roll over, seconds: AWS's roll over
 * every few hours (`SHARD_LIFETIME_SECONDS`), which no suite lasts, so the suites' roll over many
 * times a run, and a reader that loses or reorders records across a rollover fails them.
 */
export const SUITE_SHARD_LIFETIME_SECONDS = 15;

/** The database settings from the environment, refused in words when they make no sense. */
export function dynamoDbSettings(env: NodeJS.ProcessEnv = process.env): DynamoDbSettings {
  const engine = (env.DWIPPER_DYNAMODB_ENGINE || "dwipper") as EngineName;
  if (!engines.includes(engine)) {
    throw new SettingError(
      `DWIPPER_DYNAMODB_ENGINE=${engine} is not an engine; use one of: ${engines.join(", ")}.`,
    );
  }
  const endpoint = env.DWIPPER_DYNAMODB_ENDPOINT || undefined;
  const ownEngine = engine === "dwipper" && !endpoint;
  // A weakness set for an engine the local cloud does not start is refused, not left unused.
  const needsOwnEngine = (name: string) =>
    new SettingError(
      `${name} needs Dwipper's engine, started by the local cloud ` +
        "(DWIPPER_DYNAMODB_ENGINE=dwipper, no DWIPPER_DYNAMODB_ENDPOINT).",
    );
  // Each of the engine's weaknesses, by default on in Dwipper's own engine (the only one that
  // has them) when `fallback` is not 0.
  const weakness = (name: string, unit: string, fallback: number) => {
    const value = Number(env[name] || (ownEngine ? fallback : 0));
    if (!Number.isInteger(value) || value < 0) {
      throw new SettingError(`${name}=${env[name]} must be a whole number of ${unit}.`);
    }
    if (value > 0 && !ownEngine) throw needsOwnEngine(name);
    return value;
  };
  return {
    engine,
    readLagMs: weakness("DWIPPER_READ_LAG_MS", "milliseconds", DEFAULT_READ_LAG_MS),
    // DynamoDB's own limits: a test that uses one partition harder than AWS allows is throttled.
    partitionWriteUnits: weakness(
      "DWIPPER_PARTITION_WRITE_UNITS",
      "write units a second",
      PARTITION_WRITE_UNITS,
    ),
    partitionReadUnits: weakness(
      "DWIPPER_PARTITION_READ_UNITS",
      "read units a second",
      PARTITION_READ_UNITS,
    ),
    // DynamoDB Streams' own: a third reader of a shard, or a poller that describes its stream on
    // every pass, is throttled as on AWS.
    streamShards: weakness("DWIPPER_STREAM_SHARDS", "shards", STREAM_SHARDS),
    shardLifetimeSeconds: weakness(
      "DWIPPER_SHARD_LIFETIME_SECONDS",
      "seconds",
      SHARD_LIFETIME_SECONDS,
    ),
    shardReadsPerSecond: weakness(
      "DWIPPER_SHARD_READS_PER_SECOND",
      "reads a second",
      SHARD_READS_PER_SECOND,
    ),
    describeStreamsPerSecond: weakness(
      "DWIPPER_DESCRIBE_STREAMS_PER_SECOND",
      "requests a second",
      DESCRIBE_STREAM_PER_SECOND,
    ),
    ...lostAnswers(env, ownEngine ? undefined : needsOwnEngine),
    ...(endpoint ? { endpoint } : {}),
  };
}

/**
 * DWIPPER_LOST_ANSWER_RATE, a share from 0 to 1, when set; `refused` makes the error for an engine
 * that cannot lose answers.
 */
function lostAnswers(
  env: NodeJS.ProcessEnv,
  refused?: (name: string) => SettingError,
): { lostAnswerRate?: number } {
  const name = "DWIPPER_LOST_ANSWER_RATE";
  const given = env[name];
  if (!given) return {};
  const rate = Number(given);
  if (!(rate >= 0 && rate <= 1)) {
    throw new SettingError(`${name}=${given} must be a share from 0 to 1.`);
  }
  if (rate > 0 && refused) throw refused(name);
  return { lostAnswerRate: rate };
}

export interface LocalDynamoDb {
  endpoint: string;
  /** Which engine answers there, for messages. */
  engine: string;
  client: DynamoDBClient;
  /** Stops the engine (an external endpoint cannot be stopped). */
  stop(): Promise<void>;
}

/** Starts the chosen engine on `port` (0: any free one), with data in `dataDir` or in memory. */
export async function startDynamoDb(
  port: number,
  dataDir: string | null,
  region: string,
  settings: DynamoDbSettings = dynamoDbSettings(),
): Promise<LocalDynamoDb> {
  let engine: { endpoint: string; stop(): Promise<void> };
  let name: string;
  if (settings.endpoint) {
    engine = { endpoint: settings.endpoint, stop: async () => {} };
    name = `the DynamoDB endpoint ${settings.endpoint}`;
  } else if (settings.engine === "dynamodb-local") {
    engine = await startDynamoDbLocal(port, dataDir, region);
    name = "DynamoDB Local";
  } else {
    engine = await startEngineProcess({
      port,
      ...(dataDir ? { dataDir } : {}),
      readLagMs: settings.readLagMs,
      partitionWriteUnits: settings.partitionWriteUnits,
      partitionReadUnits: settings.partitionReadUnits,
      streamShards: settings.streamShards,
      shardLifetimeSeconds: settings.shardLifetimeSeconds,
      shardReadsPerSecond: settings.shardReadsPerSecond,
      describeStreamsPerSecond: settings.describeStreamsPerSecond,
      lostAnswerRate: settings.lostAnswerRate ?? 0,
      region,
    });
    name = "Dwipper's DynamoDB engine";
  }
  const client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region,
    credentials: localCredentials,
  });
  return {
    endpoint: engine.endpoint,
    engine: name,
    client,
    async stop() {
      client.destroy();
      await engine.stop();
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
    Projection: { ProjectionType: index.projection === "keys-only" ? "KEYS_ONLY" : "ALL" },
  }));
}

type StreamSpecification = { StreamEnabled: boolean; StreamViewType: StreamViewType };

/**
 * Creates the table, or brings an older version of it to the definition: adds the indexes, stream
 * and TTL it lacks, and builds again an index whose keys or projection changed.
 */
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
  await untilActive(client, name);
  if (definition.ttl) await enableTtl(client, name, definition.ttl);
}

/** Waits while the table or one of its indexes is still being created or changed, as on AWS. */
async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const busy =
      Table?.TableStatus !== "ACTIVE" ||
      (Table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexStatus !== "ACTIVE");
    if (!busy) return;
    if (Date.now() > deadline) throw new Error(`The table ${name} did not become active in 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
  for (const index of globalIndexes(definition)) {
    const kept = existing.GlobalSecondaryIndexes?.find(
      (known) => known.IndexName === index.IndexName,
    );
    if (kept && sameIndex(kept, index)) continue;
    // DynamoDB cannot change an index's keys or projection: a deploy deletes it and creates it
    // again, and so does this, so that a kept table ends as the definition says.
    if (kept) {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }],
        }),
      );
      await untilActive(client, name);
    }
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(definition),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    // One index is built at a time, filled from the table's items, as DynamoDB builds them.
    await untilActive(client, name);
  }
  if (stream && !existing.StreamSpecification?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: stream }));
  }
}

/** Whether an index as it stands has the keys and projection the definition asks of it. */
function sameIndex(kept: GlobalSecondaryIndexDescription, wanted: GlobalSecondaryIndex): boolean {
  const keys = (schema: GlobalSecondaryIndex["KeySchema"]) =>
    JSON.stringify((schema ?? []).map(({ AttributeName, KeyType }) => [AttributeName, KeyType]));
  return (
    keys(kept.KeySchema) === keys(wanted.KeySchema) &&
    kept.Projection?.ProjectionType === wanted.Projection?.ProjectionType
  );
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
