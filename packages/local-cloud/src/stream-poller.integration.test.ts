// The local event source mapping against the engine's stream, under the subscription's own rules:
// a batch whose handler fails is delivered again (at least once, in order, as Lambda does) and split
// to find the record that breaks it, a reported record is retried from, a record that keeps failing
// is described to the failure destination and can be read back from there (unless the subscription
// retries without bound), filters hold back what they do not match, records arrive in Lambda's
// shape, a TTL deletion naming the service, a throttled read costs no record and no order, and a
// stream's shards are read side by side, a shard that rolled over before its child.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DescribeTableCommand,
  PutItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBStreamsClient,
  LimitExceededException,
} from "@aws-sdk/client-dynamodb-streams";
import {
  DESCRIBE_STREAM_PER_SECOND,
  SHARD_READS_PER_SECOND,
} from "@dwipper/dynamodb-engine/aws-limits";
import type { EngineOptions } from "@dwipper/dynamodb-engine/engine";
import {
  createKeyedTable,
  type EngineUnderTest,
  startTestEngine,
} from "@dwipper/dynamodb-engine/testing";
import { streamDelivery } from "@dwipper/functions/routes";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BackgroundFunctions } from "./background-functions";
import { HandlerBundles } from "./handler-bundles";
import { repoRoot } from "./repo-root";
import { scratchDir } from "./scratch-dir";
import {
  type StreamFailure,
  StreamPoller,
  type StreamPollerOptions,
  streamShards,
} from "./stream-poller";

let local: EngineUnderTest;
beforeAll(async () => {
  local = await startTestEngine();
  // The redrive reads the stream as a deployed function would: its endpoint from the environment.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: local.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
});
afterAll(async () => {
  await local.stop();
});

async function until(check: () => boolean, withinMs = 10_000) {
  const deadline = Date.now() + withinMs;
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
    delivery: streamDelivery,
    intervalMs: 20,
    duplicateRate: 0,
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

type Handler = (records: DynamoDBRecord[]) => Promise<unknown>;

/** A fresh table with a stream, a poller on it with `handler`, and what reached the destination. */
async function pollerOn(handler: Handler, options: Partial<StreamPollerOptions> = {}) {
  const table = await createKeyedTable(local.client, `rules-${randomUUID()}`, "NEW_AND_OLD_IMAGES");
  const { Table } = await local.client.send(new DescribeTableCommand({ TableName: table }));
  const failures: StreamFailure[] = [];
  const poller = new StreamPoller({
    client: local.streams,
    streamArn: Table?.LatestStreamArn as string,
    region: "us-east-1",
    delivery: { ...streamDelivery, batchSize: 10 },
    intervalMs: 20,
    duplicateRate: 0,
    retryPauseMs: () => 5,
    onError: () => {},
    onFailure: async (failure) => {
      failures.push(failure);
    },
    handler: async () => async (event: unknown) =>
      handler((event as { Records: DynamoDBRecord[] }).Records),
    ...options,
  });
  const put = (pk: string) =>
    local.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
  return { poller, failures, put };
}

const keyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S;

it("retries from the first record the function names, then describes it to the failure destination", async () => {
  const handled: string[] = [];
  const { poller, failures, put } = await pollerOn(async (records) => {
    handled.push(...records.map((record) => keyOf(record) ?? ""));
    // The poisoned record fails every time; the subscriber handles the rest and names it.
    const poisoned = records.filter((record) => keyOf(record) === "poison");
    return {
      batchItemFailures: poisoned.map((record) => ({
        itemIdentifier: record.dynamodb?.SequenceNumber,
      })),
    };
  });
  for (const pk of ["a", "poison", "c"]) await put(pk);
  poller.start();
  try {
    await until(() => failures.length > 0);
    // "a" once; "poison" and "c" on the first try and on each of the retries.
    const tries = streamDelivery.maximumRetryAttempts + 1;
    expect(handled.filter((pk) => pk === "a")).toHaveLength(1);
    expect(handled.filter((pk) => pk === "poison")).toHaveLength(tries);
    expect(handled.filter((pk) => pk === "c")).toHaveLength(tries);
    expect(failures).toHaveLength(1);
    const info = failures[0]?.DDBStreamBatchInfo;
    expect(failures[0]?.requestContext.condition).toBe("RetryAttemptsExhausted");
    expect(info?.batchSize).toBe(2);

    // What the failure message names can be read back from the stream, as the redrive does.
    const { recordsOf } = await import("@dwipper/functions/stream/redrive-follow-dwipps");
    const again = await recordsOf(info as StreamFailure["DDBStreamBatchInfo"]);
    expect(again.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(["poison", "c"]);
  } finally {
    await poller.stop();
  }
});

it("splits a batch the function fails as a whole, so one bad record holds back no other", async () => {
  const delivered: string[] = [];
  const { poller, failures, put } = await pollerOn(async (records) => {
    if (records.some((record) => keyOf(record) === "poison")) throw new Error("bad record");
    delivered.push(...records.map((record) => keyOf(record) ?? ""));
  });
  for (const pk of ["a", "b", "poison", "d", "e"]) await put(pk);
  poller.start();
  try {
    await until(() => failures.length > 0 && delivered.length >= 4);
    expect([...delivered].sort()).toEqual(["a", "b", "d", "e"]);
    expect(failures.map((failure) => failure.DDBStreamBatchInfo.batchSize)).toEqual([1]);
  } finally {
    await poller.stop();
  }
});

it("with no bound on retries (-1), tries a failing record until it goes through, and gives up on none", async () => {
  const tries: string[] = [];
  // Fails more times than the bounded subscription would try, then goes through.
  let failing = streamDelivery.maximumRetryAttempts + 3;
  const { poller, failures, put } = await pollerOn(
    async (records) => {
      tries.push(...records.map((record) => keyOf(record) ?? ""));
      if (failing-- > 0) throw new Error("the topic cannot be reached");
    },
    { delivery: { ...streamDelivery, batchSize: 10, maximumRetryAttempts: -1 } },
  );
  await put("notice");
  poller.start();
  try {
    await until(() => failing < 0);
    expect(tries).toEqual(Array(streamDelivery.maximumRetryAttempts + 4).fill("notice"));
    expect(failures).toEqual([]);
  } finally {
    await poller.stop();
  }
});

it("delivers a batch the function took once more, at once, as Lambda may: at least once, in order", async () => {
  const delivered: string[][] = [];
  const { poller, put } = await pollerOn(
    async (records) => {
      delivered.push(records.map((record) => keyOf(record) ?? ""));
    },
    { duplicateRate: 1, delivery: { ...streamDelivery, batchSize: 2 } },
  );
  for (const pk of ["a", "b", "c"]) await put(pk);
  poller.start();
  try {
    await until(() => delivered.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each batch twice, never a third time, and the next only after it.
    expect(delivered).toEqual([["a", "b"], ["a", "b"], ["c"], ["c"]]);
  } finally {
    await poller.stop();
  }
});

it("hands a batch slower than its function's timeout on where it stopped, each record run once, none stopped", async () => {
  // The subscribers' own batch runner in a function of its own thread, as the local cloud runs
  // them; each record takes 300 ms, twelve more than the 3 s the function is given.
  const dir = await scratchDir(path.join(repoRoot, ".local", "test-bundles"), "slow-batch-");
  await writeFile(
    path.join(dir, "slow-batch.ts"),
    `import { eachStreamRecord } from "@dwipper/functions/stream/partial-batch";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";
const ran = new BroadcastChannel("${path.basename(dir)}");
export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  eachStreamRecord(event, async (record) => {
    ran.postMessage(record.dynamodb?.Keys?.pk?.S);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }, context);
`,
  );
  const bundles = new HandlerBundles(dir, path.join(dir, "out"), false);
  const background = new BackgroundFunctions(bundles, 3_000);
  const ran: string[] = [];
  const channel = new BroadcastChannel(path.basename(dir));
  channel.onmessage = (message) => ran.push((message as MessageEvent<string>).data);
  const errors: unknown[] = [];
  const { poller, failures, put } = await pollerOn(async () => undefined, {
    handler: async () => background.handler("slow-batch"),
    // No bound on retries: what is asked is how the batch is taken up, not when it is given up.
    delivery: { ...streamDelivery, batchSize: 20, maximumRetryAttempts: -1 },
    onError: (error) => errors.push(error),
  });
  const keys = Array.from({ length: 12 }, (_, n) => `r${String(n).padStart(2, "0")}`);
  for (const pk of keys) await put(pk);
  poller.start();
  try {
    await until(() => ran.length >= keys.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran).toEqual(keys);
    expect(errors).toEqual([]);
    expect(failures).toEqual([]);
  } finally {
    await poller.stop();
    channel.close();
    await background.stop();
    await bundles.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

it("passes over the records its filters hold back", async () => {
  const delivered: string[] = [];
  const { poller, put } = await pollerOn(
    async (records) => {
      delivered.push(...records.map((record) => keyOf(record) ?? ""));
    },
    { filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: "keep" }] } } } }] },
  );
  for (const pk of ["keep-1", "drop", "keep-2"]) await put(pk);
  poller.start();
  try {
    await until(() => delivered.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered).toEqual(["keep-1", "keep-2"]);
  } finally {
    await poller.stop();
  }
});

it("started again with its position file, goes on after what it delivered; on another stream, the file says nothing", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "dwipper-positions-"));
  const positionFile = path.join(dir, "subscriber.json");
  const table = await createKeyedTable(local.client, `kept-${randomUUID()}`, "NEW_AND_OLD_IMAGES");
  const { Table } = await local.client.send(new DescribeTableCommand({ TableName: table }));
  const delivered: string[] = [];
  const pollerOf = (streamArn: string) =>
    new StreamPoller({
      client: local.streams,
      streamArn,
      region: "us-east-1",
      delivery: { ...streamDelivery, batchSize: 10 },
      intervalMs: 20,
      duplicateRate: 0,
      onError: () => {},
      positionFile,
      handler: async () => async (event: unknown) => {
        delivered.push(
          ...(event as { Records: DynamoDBRecord[] }).Records.map((record) => keyOf(record) ?? ""),
        );
      },
    });
  const put = (name: string, pk: string) =>
    local.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
  try {
    const first = pollerOf(Table?.LatestStreamArn as string);
    await put(table, "a");
    await put(table, "b");
    first.start();
    await until(() => delivered.length >= 2);
    await first.stop();
    await put(table, "c");
    const again = pollerOf(Table?.LatestStreamArn as string);
    again.start();
    await until(() => delivered.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await again.stop();
    expect(delivered).toEqual(["a", "b", "c"]);

    // A table made again has a stream of its own: read from its oldest record.
    const other = await createKeyedTable(local.client, `new-${randomUUID()}`, "NEW_AND_OLD_IMAGES");
    const described = await local.client.send(new DescribeTableCommand({ TableName: other }));
    await put(other, "d");
    const fresh = pollerOf(described.Table?.LatestStreamArn as string);
    fresh.start();
    await until(() => delivered.length >= 4);
    await fresh.stop();
    expect(delivered.at(-1)).toBe("d");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("stopped in the middle of a delivery, reports no failure of its own: the batch is read again next time", async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const { poller, failures, put } = await pollerOn(
    async () => {
      calls++;
      throw new Error("the subscriber fails");
    },
    { onError: (error) => errors.push(error), retryPauseMs: () => 500 },
  );
  poller.start();
  await put("interrupted");
  await until(() => calls >= 1);
  await poller.stop();
  // The subscriber's own failure is reported; the stop is not one.
  expect(errors.map(String)).toEqual(["Error: the subscriber fails"]);
  expect(failures).toEqual([]);
});

/**
 * A stream on an engine with the given settings (DynamoDB Streams' ten descriptions a second
 * among them), read through a client that never retries.
 */
async function streamOn(
  settings: Pick<EngineOptions, "shardReadsPerSecond" | "streamShards" | "shardLifetimeSeconds">,
) {
  const engine = await startTestEngine({
    ...settings,
    describeStreamsPerSecond: DESCRIBE_STREAM_PER_SECOND,
  });
  const table = await createKeyedTable(engine.client, `limited-${randomUUID()}`, "NEW_IMAGE");
  const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: table }));
  // Every answer the pollers are given, throttles among them, counted by operation.
  const throttled = { reads: 0, describes: 0 };
  let describes = 0;
  const client = {
    async send(command: { constructor: { name: string } }) {
      const operation = command.constructor.name;
      if (operation === "DescribeStreamCommand") describes++;
      try {
        return await engine.streams.send(command as never);
      } catch (error) {
        if (error instanceof LimitExceededException) {
          if (operation === "GetRecordsCommand") throttled.reads++;
          else throttled.describes++;
        }
        throw error;
      }
    },
  } as unknown as DynamoDBStreamsClient;
  /** Writes the item `pk`, in its `round` when given (a write of the same item changes it). */
  const put = (pk: string, round?: number) =>
    engine.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: pk }, ...(round ? { round: { N: String(round) } } : {}) },
      }),
    );
  return {
    engine,
    put,
    throttled,
    describes: () => describes,
    /** A poller of the stream; `delivered` has the keys it was handed (`pk@round`), in order. */
    poller(options: Partial<StreamPollerOptions> = {}) {
      const delivered: string[] = [];
      const errors: unknown[] = [];
      const poller = new StreamPoller({
        client,
        streamArn: Table?.LatestStreamArn as string,
        region: "us-east-1",
        delivery: streamDelivery,
        duplicateRate: 0,
        onError: (error) => errors.push(error),
        handler: async () => async (event: unknown) => {
          for (const record of (event as { Records: DynamoDBRecord[] }).Records) {
            const round = record.dynamodb?.NewImage?.round?.N;
            delivered.push(`${keyOf(record)}${round ? `@${round}` : ""}`);
          }
        },
        ...options,
      });
      poller.start();
      return { poller, delivered, errors };
    },
  };
}

it("read at Lambda's pace, two pollers of a shard stay within DynamoDB Streams' limits, describing it once each", async () => {
  const stream = await streamOn({ shardReadsPerSecond: SHARD_READS_PER_SECOND });
  const pollers = [stream.poller(), stream.poller()];
  try {
    const keys = Array.from({ length: 6 }, (_, index) => `k${index}`);
    for (const key of keys) await stream.put(key);
    await until(() => pollers.every(({ delivered }) => delivered.length === keys.length));
    // Some more passes, to see that reading on alone is never throttled.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const { delivered, errors } of pollers) {
      expect(delivered).toEqual(keys);
      expect(errors).toEqual([]);
    }
    expect(stream.throttled).toEqual({ reads: 0, describes: 0 });
    // Shards are found once; a pass reads them without describing the stream again.
    expect(stream.describes()).toBeLessThanOrEqual(2 * 2);
  } finally {
    for (const { poller } of pollers) await poller.stop();
    await stream.engine.stop();
  }
});

it("throttled, a poller keeps its place: each of three delivers every record once, in order, and reports no failure", async () => {
  // A shard that takes forty reads a second, and three pollers reading it about three times as
  // often: most reads are refused. Each at a pace of its own: pollers reading in step meet the
  // refill in the same order every time, and one could be refused for seconds on end.
  const stream = await streamOn({ shardReadsPerSecond: 40 });
  const pollers = [15, 20, 25].map((intervalMs) => stream.poller({ intervalMs }));
  try {
    const keys = Array.from({ length: 6 }, (_, index) => `k${index}`);
    for (const key of keys.slice(0, 3)) await stream.put(key);
    // The rest are written once the pollers are being refused, so they are read through it.
    await until(() => stream.throttled.reads > 0);
    for (const key of keys.slice(3)) await stream.put(key);
    await until(() => pollers.every(({ delivered }) => delivered.length >= keys.length));
    for (const { delivered, errors } of pollers) {
      expect(delivered).toEqual(keys);
      expect(errors).toEqual([]);
    }
  } finally {
    for (const { poller } of pollers) await poller.stop();
    await stream.engine.stop();
  }
});

it("reads a stream of several shards: every record delivered once, each item's in order", async () => {
  const stream = await streamOn({ streamShards: 4 });
  const { poller, delivered, errors } = stream.poller({ intervalMs: 20 });
  try {
    const items = Array.from({ length: 12 }, (_, index) => `item-${index}`);
    for (const round of [1, 2]) for (const pk of items) await stream.put(pk, round);
    await until(() => delivered.length >= 2 * items.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered).toHaveLength(2 * items.length);
    for (const pk of items) {
      expect(delivered.filter((key) => key.startsWith(`${pk}@`))).toEqual([`${pk}@1`, `${pk}@2`]);
    }
    expect(errors).toEqual([]);
  } finally {
    await poller.stop();
    await stream.engine.stop();
  }
});

it("reads a stream's shards side by side: a record its function holds up holds up no other shard", async () => {
  const stream = await streamOn({ streamShards: 4 });
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let holding = false;
  const delivered: string[] = [];
  const { poller, errors } = stream.poller({
    intervalMs: 20,
    handler: async () => async (event: unknown) => {
      for (const record of (event as { Records: DynamoDBRecord[] }).Records) {
        if (keyOf(record) === "held") {
          holding = true;
          await held;
          holding = false;
        }
        delivered.push(String(keyOf(record)));
      }
    },
  });
  try {
    await stream.put("held");
    await until(() => holding);
    const others = Array.from({ length: 8 }, (_, index) => `other-${index}`);
    for (const pk of others) await stream.put(pk);
    // Read in turn, every shard would wait on the one whose delivery is held up.
    await until(() => delivered.length > 0);
    expect(holding).toBe(true);
    expect(delivered).not.toContain("held");
    release();
    await until(() => delivered.length === others.length + 1);
    expect(delivered.toSorted()).toEqual(["held", ...others].toSorted());
    expect(errors).toEqual([]);
  } finally {
    release();
    await poller.stop();
    await stream.engine.stop();
  }
});

it("reads a shard that rolled over to its end before its child: an item's records stay in order", async () => {
  const stream = await streamOn({ streamShards: 2, shardLifetimeSeconds: 1 });
  const delivered: string[] = [];
  try {
    await stream.put("rolled", 1);
    // Into the next generation of shards: the item's next record is in the first one's child.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await stream.put("rolled", 2);
    const { poller, errors } = stream.poller({
      intervalMs: 20,
      handler: async () => async (event: unknown) => {
        for (const record of (event as { Records: DynamoDBRecord[] }).Records) {
          const round = record.dynamodb?.NewImage?.round?.N;
          // The parent's record is slow: read side by side, the child's would overtake it.
          if (round === "1") await new Promise((resolve) => setTimeout(resolve, 300));
          delivered.push(`${String(keyOf(record))}@${round}`);
        }
      },
    });
    try {
      await until(() => delivered.length >= 2);
      expect(delivered).toEqual(["rolled@1", "rolled@2"]);
      expect(errors).toEqual([]);
    } finally {
      await poller.stop();
    }
  } finally {
    await stream.engine.stop();
  }
});

it("finds every shard of a stream that lists them a page at a time", async () => {
  let now = Date.now();
  const engine = await startTestEngine({
    streamShards: 4,
    shardLifetimeSeconds: 60,
    now: () => now,
  });
  try {
    const table = await createKeyedTable(engine.client, `paged-${randomUUID()}`, "NEW_IMAGE");
    await engine.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "old" } } }));
    // Thirty rollovers on: 31 generations of four shards, more than one page of 100.
    now += 30 * 60_000;
    const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: table }));
    const shards = await streamShards(engine.streams, Table?.LatestStreamArn as string);
    expect(new Set(shards.map((shard) => shard.ShardId)).size).toBe(124);
  } finally {
    await engine.stop();
  }
});

it("forgets its place in a shard the stream no longer lists, its records aged out", async () => {
  let now = Date.now();
  const engine = await startTestEngine({
    streamShards: 1,
    shardLifetimeSeconds: 60,
    now: () => now,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "positions-"));
  const positionFile = path.join(dir, "positions.json");
  try {
    const table = await createKeyedTable(engine.client, `aged-${randomUUID()}`, "NEW_IMAGE");
    const put = (pk: string) =>
      engine.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
    await put("before");
    const { Table } = await engine.client.send(new DescribeTableCommand({ TableName: table }));
    const streamArn = Table?.LatestStreamArn as string;
    const [first] = await streamShards(engine.streams, streamArn);
    // An earlier poller's place in that first shard, then a day and more.
    const sequence = first?.SequenceNumberRange?.StartingSequenceNumber as string;
    await writeFile(
      positionFile,
      JSON.stringify({ streamArn, shards: { [first?.ShardId as string]: sequence } }),
    );
    now += 25 * 3600_000;
    await put("after");
    const delivered: string[] = [];
    const poller = new StreamPoller({
      client: engine.streams,
      streamArn,
      region: "us-east-1",
      delivery: streamDelivery,
      duplicateRate: 0,
      positionFile,
      intervalMs: 20,
      handler: async () => async (event: unknown) => {
        for (const record of (event as { Records: DynamoDBRecord[] }).Records) {
          delivered.push(String(keyOf(record)));
        }
      },
    });
    poller.start();
    try {
      await until(() => delivered.includes("after"));
    } finally {
      await poller.stop();
    }
    const kept = JSON.parse(await readFile(positionFile, "utf8")) as {
      shards: Record<string, string>;
    };
    expect(Object.keys(kept.shards)).toHaveLength(1);
    expect(Object.keys(kept.shards)).not.toContain(first?.ShardId);
  } finally {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
