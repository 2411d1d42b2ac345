// The engine's own behaviour where dynalite has none: transactions, refusals that carry the item,
// streams, TTL expiry, lagging indexes and eventually consistent reads, partitions' read and write
// limits, through the real SDK against the real engine.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  IdempotentParameterMismatchException,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  LimitExceededException,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DESCRIBE_STREAM_PER_SECOND,
  LAMBDA_STREAM_POLLS_PER_SECOND,
  SHARD_READS_PER_SECOND,
} from "./aws-limits";
import { Engine } from "./engine";
import { ITERATOR_LIFETIME_MS, RETENTION_MS } from "./streams";
import {
  createKeyedTable,
  type EngineUnderTest,
  indexPartition,
  startTestEngine,
  testCredentials,
  untilActive,
} from "./testing";

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

/** A fresh table: `pk` (S) key, a `byGroup` index on `group`, a stream of both images. */
async function createTable(
  client: DynamoDBClient,
  view = "NEW_AND_OLD_IMAGES",
  projection: "ALL" | "KEYS_ONLY" = "ALL",
) {
  const name = `t-${randomUUID()}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "group", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byGroup",
          KeySchema: [{ AttributeName: "group", KeyType: "HASH" }],
          Projection: { ProjectionType: projection },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: view as never },
    }),
  );
  await untilActive(client, name);
  return name;
}

async function readStream(client: DynamoDBClient, streams: DynamoDBStreamsClient, table: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  const StreamArn = Table?.LatestStreamArn as string;
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
  const ShardId = StreamDescription?.Shards?.[0]?.ShardId as string;
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
  );
  const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
  return { records: Records ?? [], StreamArn, ShardId };
}

const get = async (client: DynamoDBClient, table: string, pk: string) =>
  (
    await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: s(pk) }, ConsistentRead: true }),
    )
  ).Item;

let local: EngineUnderTest;
beforeAll(async () => {
  local = await startTestEngine();
});
afterAll(async () => {
  await local.stop();
});

describe("TransactWriteItems", () => {
  it("applies every action or none, and says which condition failed", async () => {
    const table = await createTable(local.client);
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("taken"), v: n(1) } }),
    );
    const attempt = local.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: s("new") } } },
          {
            Update: {
              TableName: table,
              Key: { pk: s("taken") },
              UpdateExpression: "ADD v :one",
              ExpressionAttributeValues: { ":one": n(1) },
              ConditionExpression: "attribute_not_exists(pk)",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
        ],
      }),
    );
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as TransactionCanceledException;
    expect(cancelled.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    );
    expect(cancelled.CancellationReasons).toEqual([
      { Code: "None" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { pk: s("taken"), v: n(1) },
      },
    ]);
    expect(await get(local.client, table, "new")).toBeUndefined();
    expect(await get(local.client, table, "taken")).toEqual({ pk: s("taken"), v: n(1) });

    await local.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: s("new") } } },
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: s("taken") },
              ConditionExpression: "v = :one",
              ExpressionAttributeValues: { ":one": n(1) },
            },
          },
        ],
      }),
    );
    expect(await get(local.client, table, "new")).toEqual({ pk: s("new") });
  });

  it("is cancelled with TransactionConflict on an item another transaction holds", async () => {
    const table = await createTable(local.client);
    const key = await local.engine.lockKeyOf(table, { pk: { S: "busy" } });
    const release = local.engine.locks.hold([key], "write");
    try {
      const error = await local.client
        .send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { pk: s("free") } } },
              { Put: { TableName: table, Item: { pk: s("busy") } } },
            ],
          }),
        )
        .catch((caught: unknown) => caught);
      expect((error as TransactionCanceledException).CancellationReasons).toEqual([
        { Code: "None" },
        { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" },
      ]);
      // A single write to the item is refused; one to another item is not.
      await expect(
        local.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("busy") } })),
      ).rejects.toBeInstanceOf(TransactionConflictException);
      await local.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("free") } }));
      // A read of the item waits until the transaction is over.
      let read = false;
      const reading = get(local.client, table, "busy").then(() => {
        read = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(read).toBe(false);
      release();
      await reading;
      expect(read).toBe(true);
    } finally {
      release();
    }
  });

  it("does a request with the same ClientRequestToken once, and refuses it with other parameters", async () => {
    const table = await createTable(local.client);
    const request = (amount: number) =>
      new TransactWriteItemsCommand({
        ClientRequestToken: `token-${table.slice(2, 30)}`,
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: s("counter") },
              UpdateExpression: "ADD v :amount",
              ExpressionAttributeValues: { ":amount": n(amount) },
            },
          },
        ],
      });
    await local.client.send(request(1));
    await local.client.send(request(1));
    expect(await get(local.client, table, "counter")).toEqual({ pk: s("counter"), v: n(1) });
    await expect(local.client.send(request(2))).rejects.toBeInstanceOf(
      IdempotentParameterMismatchException,
    );
  });

  it("keeps AWS's limits: 100 actions, one action per item", async () => {
    const table = await createTable(local.client);
    const puts = (count: number, key = (i: number) => `k${i}`) =>
      Array.from({ length: count }, (_, i) => ({
        Put: { TableName: table, Item: { pk: s(key(i)) } },
      }));
    await expect(
      local.client.send(new TransactWriteItemsCommand({ TransactItems: puts(101) })),
    ).rejects.toThrow(/less than or equal to 100/);
    await expect(
      local.client.send(new TransactWriteItemsCommand({ TransactItems: puts(2, () => "same") })),
    ).rejects.toThrow("Transaction request cannot include multiple operations on one item");
    await local.client.send(new TransactWriteItemsCommand({ TransactItems: puts(100) }));
    expect(await get(local.client, table, "k99")).toEqual({ pk: s("k99") });
  });

  it("TransactGetItems reads items in order, missing ones as empty", async () => {
    const table = await createTable(local.client);
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("a"), v: n(1) } }),
    );
    const { Responses } = await local.client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: table, Key: { pk: s("missing") } } },
          { Get: { TableName: table, Key: { pk: s("a") } } },
        ],
      }),
    );
    expect(Responses).toEqual([{}, { Item: { pk: s("a"), v: n(1) } }]);
  });
});

describe("ReturnValuesOnConditionCheckFailure", () => {
  it("returns the item a single write's condition was checked against, only when asked", async () => {
    const table = await createTable(local.client);
    const item = { pk: s("one"), v: n(7) };
    await local.client.send(new PutItemCommand({ TableName: table, Item: item }));
    const refusals = [
      new PutItemCommand({
        TableName: table,
        Item: { pk: s("one") },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: s("one") },
        UpdateExpression: "SET v = :v",
        ConditionExpression: "v = :v",
        ExpressionAttributeValues: { ":v": n(1) },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      new DeleteItemCommand({
        TableName: table,
        Key: { pk: s("one") },
        ConditionExpression: "v = :v",
        ExpressionAttributeValues: { ":v": n(1) },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    ];
    for (const command of refusals) {
      const error = await local.client.send(command as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).Item).toEqual(item);
    }
    const plain = await local.client
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: s("one") },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      )
      .catch((caught: unknown) => caught);
    expect((plain as ConditionalCheckFailedException).Item).toBeUndefined();
  });
});

describe("streams", () => {
  it("records each change once in AWS's format, and nothing for a write that changes nothing", async () => {
    const table = await createTable(local.client);
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("a"), v: n(1) } }),
    );
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("a"), v: n(1) } }),
    );
    await local.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: s("a") },
        UpdateExpression: "SET v = :v",
        ExpressionAttributeValues: { ":v": n(2) },
      }),
    );
    await local.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: s("a") } }));
    const { records } = await readStream(local.client, local.streams, table);
    expect(records.map((record) => record.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    const [insert, modify, remove] = records;
    expect(insert?.dynamodb?.NewImage).toEqual({ pk: s("a"), v: n(1) });
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    expect(modify?.dynamodb?.OldImage).toEqual({ pk: s("a"), v: n(1) });
    expect(modify?.dynamodb?.NewImage).toEqual({ pk: s("a"), v: n(2) });
    expect(remove?.dynamodb?.Keys).toEqual({ pk: s("a") });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    expect(remove?.userIdentity).toBeUndefined();
    for (const record of records) {
      expect(record.eventSource).toBe("aws:dynamodb");
      expect(record.dynamodb?.StreamViewType).toBe("NEW_AND_OLD_IMAGES");
      expect(record.dynamodb?.ApproximateCreationDateTime).toBeInstanceOf(Date);
    }
    const numbers = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? "0"));
    expect(numbers).toEqual([...numbers].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("keeps only the keys in a KEYS_ONLY stream, and can be turned on later", async () => {
    const table = await createKeyedTable(local.client, `t-${randomUUID()}`);
    await local.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("before") } }));
    await local.client.send(
      new UpdateTableCommand({
        TableName: table,
        StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
      }),
    );
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("after"), v: n(1) } }),
    );
    const { records } = await readStream(local.client, local.streams, table);
    expect(records).toHaveLength(1);
    expect(records[0]?.dynamodb?.Keys).toEqual({ pk: s("after") });
    expect(records[0]?.dynamodb?.NewImage).toBeUndefined();
  });

  it("reads from any record on, a page at a time, at and after a sequence number", async () => {
    const table = await createTable(local.client);
    for (let index = 0; index < 30; index++) {
      await local.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: s(`item-${index}`) } }),
      );
    }
    const { StreamArn, ShardId, records } = await readStream(local.client, local.streams, table);
    const keys = (page: { dynamodb?: { Keys?: unknown } }[] = []) =>
      page.map((record) => record.dynamodb?.Keys);
    const from = async (type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", at: number) => {
      const { ShardIterator } = await local.streams.send(
        new GetShardIteratorCommand({
          StreamArn,
          ShardId,
          ShardIteratorType: type,
          SequenceNumber: records[at]?.dynamodb?.SequenceNumber,
        }),
      );
      return ShardIterator;
    };
    // From record 17 to the last (13 records), in pages of five that follow one another.
    let iterator = await from("AT_SEQUENCE_NUMBER", 17);
    const read: unknown[] = [];
    for (let page = 0; page < 3; page++) {
      const answer = await local.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 5 }),
      );
      read.push(...keys(answer.Records));
      iterator = answer.NextShardIterator;
    }
    expect(read).toEqual(keys(records.slice(17, 30)));
    const after = await local.streams.send(
      new GetRecordsCommand({ ShardIterator: await from("AFTER_SEQUENCE_NUMBER", 28), Limit: 5 }),
    );
    expect(keys(after.Records)).toEqual(keys(records.slice(29)));
  });

  it("expires iterators after 15 minutes and refuses to read records older than 24 hours", async () => {
    let now = Date.now();
    const timed = await startTestEngine({ now: () => now });
    try {
      const table = await createTable(timed.client);
      await timed.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("old") } }));
      const { StreamArn, ShardId, records } = await readStream(timed.client, timed.streams, table);
      const first = records[0]?.dynamodb?.SequenceNumber as string;
      const { ShardIterator } = await timed.streams.send(
        new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      now += ITERATOR_LIFETIME_MS + 1;
      await expect(
        timed.streams.send(new GetRecordsCommand({ ShardIterator })),
      ).rejects.toBeInstanceOf(ExpiredIteratorException);
      now += RETENTION_MS;
      await timed.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("new") } }));
      const later = await readStream(timed.client, timed.streams, table);
      expect(later.records.map((record) => record.dynamodb?.Keys)).toEqual([{ pk: s("new") }]);
      await expect(
        timed.streams.send(
          new GetShardIteratorCommand({
            StreamArn,
            ShardId,
            ShardIteratorType: "AT_SEQUENCE_NUMBER",
            SequenceNumber: first,
          }),
        ),
      ).rejects.toBeInstanceOf(TrimmedDataAccessException);
    } finally {
      await timed.stop();
    }
  });
});

describe("a stream of several shards", () => {
  it("keeps each item's records in order in one shard, and every record in some shard", async () => {
    const sharded = await startTestEngine({ streamShards: 4 });
    try {
      const table = await createTable(sharded.client);
      const items = Array.from({ length: 20 }, (_, index) => `item-${index}`);
      for (const round of [1, 2]) {
        for (const pk of items) {
          await sharded.client.send(
            new PutItemCommand({ TableName: table, Item: { pk: s(pk), round: n(round) } }),
          );
        }
      }
      const { Table } = await sharded.client.send(new DescribeTableCommand({ TableName: table }));
      const StreamArn = Table?.LatestStreamArn as string;
      const { StreamDescription } = await sharded.streams.send(
        new DescribeStreamCommand({ StreamArn }),
      );
      const shards = StreamDescription?.Shards ?? [];
      expect(shards).toHaveLength(4);

      // Each shard read to its end, three records a page.
      const byShard = new Map<string, { pk?: string; round?: string; sequence: bigint }[]>();
      for (const { ShardId } of shards) {
        let iterator = (
          await sharded.streams.send(
            new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
          )
        ).ShardIterator;
        const read: { pk?: string; round?: string; sequence: bigint }[] = [];
        for (let page = 0; page < 20 && iterator; page++) {
          const answer = await sharded.streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 3 }),
          );
          for (const record of answer.Records ?? []) {
            read.push({
              pk: record.dynamodb?.Keys?.pk?.S,
              round: record.dynamodb?.NewImage?.round?.N,
              sequence: BigInt(record.dynamodb?.SequenceNumber ?? "0"),
            });
          }
          if ((answer.Records ?? []).length === 0) break;
          iterator = answer.NextShardIterator;
        }
        byShard.set(ShardId as string, read);
      }
      const all = [...byShard.values()].flat();
      expect(all).toHaveLength(40);
      // The items spread over more than one shard.
      expect([...byShard.values()].filter((read) => read.length > 0).length).toBeGreaterThan(1);
      for (const pk of items) {
        const holding = [...byShard.values()].filter((read) => read.some((r) => r.pk === pk));
        expect(holding, pk).toHaveLength(1);
        const own = holding[0]?.filter((r) => r.pk === pk) ?? [];
        expect(own.map((r) => r.round)).toEqual(["1", "2"]);
      }
      for (const read of byShard.values()) {
        const sequences = read.map((r) => r.sequence);
        expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
      }
    } finally {
      await sharded.stop();
    }
  });
});

describe("a stream whose shards roll over", () => {
  it("closes a shard once its lifetime is over: read to its end it has no next iterator, and its child, naming it, takes the item's later records", async () => {
    let now = Date.now();
    const rolling = await startTestEngine({
      streamShards: 2,
      shardLifetimeSeconds: 60,
      now: () => now,
    });
    try {
      const table = await createTable(rolling.client);
      const put = (round: number) =>
        rolling.client.send(
          new PutItemCommand({ TableName: table, Item: { pk: s("rolled"), round: n(round) } }),
        );
      await put(1);
      now += 60_000;
      await put(2);
      const { Table } = await rolling.client.send(new DescribeTableCommand({ TableName: table }));
      const StreamArn = Table?.LatestStreamArn as string;
      const shards =
        (await rolling.streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription
          ?.Shards ?? [];
      // Two generations of two shards; the second names the first as parents.
      expect(shards).toHaveLength(4);
      const read = async (ShardId: string | undefined) => {
        const { ShardIterator } = await rolling.streams.send(
          new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
        );
        const answer = await rolling.streams.send(new GetRecordsCommand({ ShardIterator }));
        return {
          rounds: (answer.Records ?? []).map((record) => record.dynamodb?.NewImage?.round?.N),
          next: answer.NextShardIterator,
        };
      };
      const holding = [];
      for (const shard of shards) {
        const { rounds, next } = await read(shard.ShardId);
        if (rounds.length > 0) holding.push({ shard, rounds, next });
      }
      const [parent, child] = holding;
      expect(parent?.rounds).toEqual(["1"]);
      expect(parent?.next).toBeUndefined();
      expect(parent?.shard.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
      expect(child?.rounds).toEqual(["2"]);
      expect(child?.next).toBeDefined();
      expect(child?.shard.ParentShardId).toBe(parent?.shard.ShardId);
      expect(child?.shard.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    } finally {
      await rolling.stop();
    }
  });

  it("lists at most 100 shards a page, then names the last for the next page", async () => {
    let now = Date.now();
    const aged = await startTestEngine({
      streamShards: 4,
      shardLifetimeSeconds: 60,
      now: () => now,
    });
    try {
      const table = await createTable(aged.client);
      await aged.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("old") } }));
      // Thirty rollovers later the stream lists 31 generations of four shards.
      now += 30 * 60_000;
      const { Table } = await aged.client.send(new DescribeTableCommand({ TableName: table }));
      const StreamArn = Table?.LatestStreamArn as string;
      const first = (await aged.streams.send(new DescribeStreamCommand({ StreamArn })))
        .StreamDescription;
      expect(first?.Shards).toHaveLength(100);
      expect(first?.LastEvaluatedShardId).toBe(first?.Shards?.at(-1)?.ShardId);
      const second = (
        await aged.streams.send(
          new DescribeStreamCommand({
            StreamArn,
            ExclusiveStartShardId: first?.LastEvaluatedShardId,
          }),
        )
      ).StreamDescription;
      expect(second?.Shards).toHaveLength(24);
      expect(second?.LastEvaluatedShardId).toBeUndefined();
      await expect(
        aged.streams.send(new DescribeStreamCommand({ StreamArn, Limit: 101 })),
      ).rejects.toThrow(/less than or equal to 100/);
    } finally {
      await aged.stop();
    }
  });
});

describe("a stream's read limits", () => {
  let now = Date.now();
  let limited: EngineUnderTest;
  beforeAll(async () => {
    limited = await startTestEngine({
      shardReadsPerSecond: SHARD_READS_PER_SECOND,
      describeStreamsPerSecond: DESCRIBE_STREAM_PER_SECOND,
      now: () => now,
    });
  });
  afterAll(async () => {
    await limited.stop();
  });
  // Each test starts a second after anything before it, every limit full again.
  beforeEach(() => {
    now += 1000;
  });

  /** Iterators of `count` readers of the table's one shard, from its oldest record. */
  async function readersOf(table: string, count: number) {
    const { StreamArn, ShardId } = await readStream(limited.client, limited.streams, table);
    const iterators: (string | undefined)[] = [];
    for (let reader = 0; reader < count; reader++) {
      const { ShardIterator } = await limited.streams.send(
        new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      iterators.push(ShardIterator);
    }
    return iterators;
  }

  /** Each reader reads at Lambda's pace for `seconds`; how many of their reads were refused. */
  async function poll(iterators: (string | undefined)[], seconds: number) {
    let refused = 0;
    for (let tick = 0; tick < seconds * LAMBDA_STREAM_POLLS_PER_SECOND; tick++) {
      now += 1000 / LAMBDA_STREAM_POLLS_PER_SECOND;
      for (const [reader, iterator] of iterators.entries()) {
        try {
          const page = await limited.streams.send(
            new GetRecordsCommand({ ShardIterator: iterator }),
          );
          iterators[reader] = page.NextShardIterator;
        } catch (error) {
          if (!(error instanceof LimitExceededException)) throw error;
          refused++;
        }
      }
    }
    return refused;
  }

  it("lets two readers read a shard at Lambda's pace, and throttles a third, not another shard", async () => {
    const table = await createTable(limited.client);
    await limited.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("a") } }));
    const [first, second, third] = await readersOf(table, 3);
    expect(await poll([first, second], 5)).toBe(0);
    // The third reader's reads are over what the shard takes: some of the three are refused.
    expect(await poll([first, second, third], 10)).toBeGreaterThanOrEqual(5);

    // Another table's shard has a limit of its own.
    const other = await createTable(limited.client);
    const [elsewhere] = await readersOf(other, 1);
    await expect(
      limited.streams.send(new GetRecordsCommand({ ShardIterator: elsewhere })),
    ).resolves.toBeDefined();
    // A refused read took nothing: the shard is read again once a read's time has come round.
    now += 1000 / SHARD_READS_PER_SECOND;
    await expect(
      limited.streams.send(new GetRecordsCommand({ ShardIterator: first })),
    ).resolves.toBeDefined();
  });

  it("describes streams at most ten times a second", async () => {
    const table = await createTable(limited.client);
    const { StreamArn } = await readStream(limited.client, limited.streams, table);
    now += 1000;
    const describe = () => limited.streams.send(new DescribeStreamCommand({ StreamArn }));
    for (let call = 0; call < DESCRIBE_STREAM_PER_SECOND; call++) await describe();
    await expect(describe()).rejects.toBeInstanceOf(LimitExceededException);
    now += 1000 / DESCRIBE_STREAM_PER_SECOND;
    await expect(describe()).resolves.toBeDefined();
  });
});

describe("lost answers", () => {
  it("loses the answer to a committed write's first try when the client will try again, so the retry meets its own write", async () => {
    const lossy = await startTestEngine({ lostAnswerRate: 1 });
    // As the SDK's default client sends: a second try after a dropped connection.
    const retrying = new DynamoDBClient({
      endpoint: lossy.endpoint,
      region: "us-east-1",
      credentials: testCredentials,
      maxAttempts: 2,
    });
    try {
      const table = await createKeyedTable(lossy.client, `t-${randomUUID()}`);
      const count = async (pk: string) => Number((await get(lossy.client, table, pk))?.n?.N ?? "0");
      const add = {
        TableName: table,
        UpdateExpression: "ADD n :one",
        ExpressionAttributeValues: { ":one": n(1) },
      };

      // An ADD whose answer was lost is applied again by the retry: counted twice, as on AWS.
      await retrying.send(new UpdateItemCommand({ ...add, Key: { pk: s("plain") } }));
      expect(await count("plain")).toBe(2);
      // A conditional put's retry finds its own item there and is refused.
      await expect(
        retrying.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: s("once") },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
      // A transaction's retry carries the SDK's token, and commits nothing more.
      await retrying.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Update: { ...add, Key: { pk: s("transaction") } } }],
        }),
      );
      expect(await count("transaction")).toBe(1);
      // A client that will not try again gets every answer.
      await lossy.client.send(new UpdateItemCommand({ ...add, Key: { pk: s("single") } }));
      expect(await count("single")).toBe(1);
    } finally {
      retrying.destroy();
      await lossy.stop();
    }
  });
});

describe("time to live", () => {
  it("deletes expired items in the background as the service, and only those", async () => {
    const table = await createTable(local.client);
    await local.client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      }),
    );
    const { TimeToLiveDescription } = await local.client.send(
      new DescribeTimeToLiveCommand({ TableName: table }),
    );
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expiresAt",
    });
    const seconds = Math.floor(Date.now() / 1000);
    await local.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: s("expired"), expiresAt: n(seconds - 10) },
      }),
    );
    await local.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: s("later"), expiresAt: n(seconds + 3600) },
      }),
    );
    // A time five years past or more is not taken for an expiry, as on AWS.
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("ancient"), expiresAt: n(1) } }),
    );
    await local.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("text"), expiresAt: s("0") } }),
    );
    // Until the sweep comes, an expired item is still there, as on AWS.
    expect(await get(local.client, table, "expired")).toBeDefined();
    await local.engine.sweepExpired();
    expect(await get(local.client, table, "expired")).toBeUndefined();
    expect(await get(local.client, table, "later")).toBeDefined();
    expect(await get(local.client, table, "ancient")).toBeDefined();
    expect(await get(local.client, table, "text")).toBeDefined();
    const { records } = await readStream(local.client, local.streams, table);
    const removal = records.find((record) => record.eventName === "REMOVE");
    expect(removal?.dynamodb?.Keys).toEqual({ pk: s("expired") });
    expect(removal?.userIdentity).toEqual({
      PrincipalId: "dynamodb.amazonaws.com",
      Type: "Service",
    });
  });
});

describe("lagging indexes", () => {
  // A second of lag leaves room for a busy machine between a write and the read that must miss it.
  it("answer an index query as the index stood the lag ago, while the table is current", {
    timeout: 20_000,
  }, async () => {
    const lagging = await startTestEngine({ readLagMs: 1_000 });
    try {
      const table = await createTable(lagging.client);
      const byGroup = () =>
        indexPartition(lagging.client, {
          table,
          index: "byGroup",
          attribute: "group",
          value: "g1",
        });
      await lagging.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: s("a"), group: s("g1") } }),
      );
      expect(await get(lagging.client, table, "a")).toBeDefined();
      expect(await byGroup()).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(await byGroup()).toEqual([{ pk: s("a"), group: s("g1") }]);
      await lagging.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: s("a") } }));
      expect(await byGroup()).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(await byGroup()).toEqual([]);
    } finally {
      await lagging.stop();
    }
  });
});

describe("eventually consistent reads of a table", () => {
  // As above: a second of lag leaves room for a busy machine between the write and the reads.
  it("trail the writes by the lag, each read that asks for consistency never does", {
    timeout: 20_000,
  }, async () => {
    const lagging = await startTestEngine({ readLagMs: 1_000 });
    try {
      const [table, other] = [await createTable(lagging.client), await createTable(lagging.client)];
      const put = (name: string, pk: string, body: string) =>
        lagging.client.send(
          new PutItemCommand({ TableName: name, Item: { pk: s(pk), body: s(body) } }),
        );
      await put(table, "a", "first");
      await put(other, "b", "first");
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      await put(table, "a", "second");
      await put(table, "c", "new");
      await put(other, "b", "second");
      const bodies = (items: Record<string, AttributeValue>[] | undefined = []) =>
        items.map((item) => `${item.pk?.S}:${item.body?.S}`).sort();
      const read = async () => {
        const getA = (ConsistentRead: boolean) =>
          lagging.client.send(
            new GetItemCommand({ TableName: table, Key: { pk: s("a") }, ConsistentRead }),
          );
        const query = (ConsistentRead: boolean) =>
          lagging.client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": s("c") },
              ConsistentRead,
            }),
          );
        const scan = (ConsistentRead: boolean) =>
          lagging.client.send(new ScanCommand({ TableName: table, ConsistentRead }));
        // One batch: the first table read consistently, the second not.
        const batch = await lagging.client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: { Keys: [{ pk: s("a") }, { pk: s("c") }], ConsistentRead: true },
              [other]: { Keys: [{ pk: s("b") }] },
            },
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        return {
          get: [(await getA(false)).Item?.body?.S, (await getA(true)).Item?.body?.S],
          query: [(await query(false)).Count, (await query(true)).Count],
          scan: [bodies((await scan(false)).Items), bodies((await scan(true)).Items)],
          batch: [bodies(batch.Responses?.[table]), bodies(batch.Responses?.[other])],
          capacity: batch.ConsumedCapacity?.map((entry) => [entry.TableName, entry.CapacityUnits]),
        };
      };
      expect(await read()).toEqual({
        get: ["first", "second"],
        query: [0, 1],
        scan: [["a:first"], ["a:second", "c:new"]],
        batch: [["a:second", "c:new"], ["b:first"]],
        capacity: expect.arrayContaining([
          [table, 2],
          [other, 0.5],
        ]),
      });
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(await read()).toMatchObject({
        get: ["second", "second"],
        query: [1, 1],
        scan: [
          ["a:second", "c:new"],
          ["a:second", "c:new"],
        ],
        batch: [["a:second", "c:new"], ["b:second"]],
      });
    } finally {
      await lagging.stop();
    }
  });
});

/**
 * An engine for one describe block with these partition limits, on a clock its tests move on by
 * hand (`limited.clock += ms`), so a partition's refill is exact.
 */
function engineOnItsOwnClock(limits: {
  partitionWriteUnits?: number;
  partitionReadUnits?: number;
}) {
  const limited = {
    clock: 1_000_000,
    started: undefined as EngineUnderTest | undefined,
    get client() {
      if (!limited.started) throw new Error("the engine has not started");
      return limited.started.client;
    },
  };
  beforeAll(async () => {
    limited.started = await startTestEngine({ ...limits, now: () => limited.clock });
  });
  afterAll(async () => {
    await limited.started?.stop();
  });
  return limited;
}

describe("a partition's writes a second", () => {
  // Four write units a second for each partition.
  const limited = engineOnItsOwnClock({ partitionWriteUnits: 4 });
  const put = (table: string, pk: string, group = "g") =>
    limited.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s(pk), group: s(group) } }),
    );
  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => "written",
      (error: { name: string; ThrottlingReasons?: { reason: string; resource: string }[] }) => ({
        name: error.name,
        reasons: error.ThrottlingReasons?.map(({ reason, resource }) => ({
          reason,
          resource: resource.split(":").at(-1),
        })),
      }),
    );

  it("throttles a table's partition past its units, with DynamoDB's reason, and refills in time", async () => {
    const table = await createTable(limited.client);
    // The same item four times: one unit each, from one partition (a group of its own each time,
    // so that only the table's partition is spent).
    for (const n of [1, 2, 3, 4]) expect(await refusal(put(table, "a", `g${n}`))).toBe("written");
    expect(await refusal(put(table, "a", "g5"))).toEqual({
      name: "ProvisionedThroughputExceededException",
      reasons: [{ reason: "TableWriteKeyRangeThroughputExceeded", resource: `table/${table}` }],
    });
    expect(await get(limited.client, table, "a")).toMatchObject({ group: s("g4") });
    expect(await refusal(put(table, "b", "g6"))).toBe("written");
    limited.clock += 500;
    expect(await refusal(put(table, "a", "g7"))).toBe("written");
  });

  it("throttles a write that would spend from an index partition that has spent its second", async () => {
    const table = await createTable(limited.client);
    for (const pk of ["a", "b", "c", "d"])
      expect(await refusal(put(table, pk, "hot"))).toBe("written");
    expect(await refusal(put(table, "e", "hot"))).toEqual({
      name: "ProvisionedThroughputExceededException",
      reasons: [
        {
          reason: "IndexWriteKeyRangeThroughputExceeded",
          resource: `table/${table}/index/byGroup`,
        },
      ],
    });
    // An item already in the hot index partition cannot be deleted from it either, for now.
    await expect(
      limited.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: s("a") } })),
    ).rejects.toThrow(ProvisionedThroughputExceededException);
    expect(await refusal(put(table, "e", "cold"))).toBe("written");
    limited.clock += 1_000;
  });

  it("cancels a transaction with ThrottlingError, counting its writes twice", async () => {
    const table = await createTable(limited.client);
    const transact = (pk: string, group: string) =>
      limited.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: s(pk), group: s(group) } } },
            {
              // Another item each time, whose partition has room.
              Put: {
                TableName: table,
                Item: { pk: s(`other-${group}`), group: s(`${group}-other`) },
              },
            },
          ],
        }),
      );
    await transact("t", "g1");
    await transact("t", "g2");
    const cancelled = await transact("t", "g3").catch((error: unknown) => error);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect(
      (cancelled as TransactionCanceledException).CancellationReasons?.map((r) => r.Code),
    ).toEqual(["ThrottlingError", "None"]);
    expect(await get(limited.client, table, "t")).toMatchObject({ group: s("g2") });
    expect(await get(limited.client, table, "other-g3")).toBeUndefined();
    limited.clock += 1_000;
  });

  it("hands back a batch's throttled writes unprocessed, and refuses a batch of only those", async () => {
    const table = await createTable(limited.client);
    for (const n of [1, 2, 3, 4]) await put(table, "a", `g${n}`);
    const batch = (pks: string[]) =>
      limited.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: pks.map((pk) => ({
              PutRequest: { Item: { pk: s(pk), group: s(`b-${pk}`) } },
            })),
          },
        }),
      );
    const answer = await batch(["a", "b"]);
    expect(
      answer.UnprocessedItems?.[table]?.map((request) => request.PutRequest?.Item?.pk),
    ).toEqual([s("a")]);
    expect(await get(limited.client, table, "b")).toBeDefined();
    await expect(batch(["a"])).rejects.toThrow(ProvisionedThroughputExceededException);
    limited.clock += 1_000;
  });
});

describe("a partition's reads a second", () => {
  // Two read units a second for each partition.
  const limited = engineOnItsOwnClock({ partitionReadUnits: 2 });
  /** Puts the item "big" in `table`: 12 kB, three units read consistently, however little is asked. */
  const putBig = (table: string) =>
    limited.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: s("big"), group: s("g"), text: s("x".repeat(12_000)) },
      }),
    );
  const reasonOf = (attempt: Promise<unknown>) =>
    attempt.then(
      () => "read",
      (error: { name: string; ThrottlingReasons?: { reason: string; resource: string }[] }) =>
        `${error.name}: ${error.ThrottlingReasons?.map(
          ({ reason, resource }) => `${reason} ${resource.split(":").at(-1)}`,
        )}`,
    );

  it("throttles a partition's reads past its units, an eventually consistent read at half a unit", async () => {
    const table = await createTable(limited.client);
    for (const pk of ["a", "b"]) {
      await limited.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: s(pk), group: s("g") } }),
      );
    }
    const getA = (ConsistentRead: boolean) =>
      reasonOf(
        limited.client.send(
          new GetItemCommand({ TableName: table, Key: { pk: s("a") }, ConsistentRead }),
        ),
      );
    expect(await getA(true)).toBe("read");
    expect(await getA(false)).toBe("read");
    expect(await getA(false)).toBe("read");
    expect(await getA(true)).toBe(
      `ProvisionedThroughputExceededException: TableReadKeyRangeThroughputExceeded table/${table}`,
    );
    // Another partition has its own units; a batch hands back only the spent partition's keys.
    const batch = await limited.client.send(
      new BatchGetItemCommand({
        RequestItems: { [table]: { Keys: [{ pk: s("a") }, { pk: s("b") }], ConsistentRead: true } },
      }),
    );
    expect(batch.Responses?.[table]?.map((item) => item.pk)).toEqual([s("b")]);
    expect(batch.UnprocessedKeys?.[table]?.Keys).toEqual([{ pk: s("a") }]);
    limited.clock += 500;
    expect(await getA(true)).toBe("read");
    limited.clock += 1_000;
  });

  it("throttles a query of an index partition past its units", async () => {
    const table = await createTable(limited.client);
    await limited.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("a"), group: s("hot") } }),
    );
    const query = (value: string) =>
      reasonOf(
        indexPartition(limited.client, { table, index: "byGroup", attribute: "group", value }),
      );
    for (const _ of [1, 2, 3, 4]) expect(await query("hot")).toBe("read");
    expect(await query("hot")).toBe(
      `ProvisionedThroughputExceededException: IndexReadKeyRangeThroughputExceeded table/${table}/index/byGroup`,
    );
    expect(await query("cold")).toBe("read");
    limited.clock += 1_000;
  });

  it("charges a Scan to each partition it reads, its filter's leavings too, and throttles it there", async () => {
    const table = await createTable(limited.client);
    await putBig(table);
    await limited.client.send(
      new PutItemCommand({ TableName: table, Item: { pk: s("small"), group: s("g") } }),
    );
    const scan = () =>
      limited.client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: "#group = :none",
          ExpressionAttributeNames: { "#group": "group" },
          ExpressionAttributeValues: { ":none": s("none") },
          ConsistentRead: true,
        }),
      );
    // It answers nothing, and read both items whole: three units from "big", one from "small".
    expect((await scan()).Items).toEqual([]);
    const get = (pk: string) =>
      reasonOf(limited.client.send(new GetItemCommand({ TableName: table, Key: { pk: s(pk) } })));
    expect(await get("big")).toBe(
      `ProvisionedThroughputExceededException: TableReadKeyRangeThroughputExceeded table/${table}`,
    );
    expect(await get("small")).toBe("read");
    expect(await reasonOf(scan())).toBe(
      `ProvisionedThroughputExceededException: TableReadKeyRangeThroughputExceeded table/${table}`,
    );
    limited.clock += 2_000;
    expect((await scan()).Items).toEqual([]);
    limited.clock += 2_000;
    // Unfiltered, the page answered is the page read, and charged the same.
    const all = await limited.client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true }),
    );
    expect(all.Items).toHaveLength(2);
    expect(await get("big")).toBe(
      `ProvisionedThroughputExceededException: TableReadKeyRangeThroughputExceeded table/${table}`,
    );
    limited.clock += 2_000;
  });

  it("charges a read every item it reads at full size, whatever its projection leaves of them", async () => {
    const table = await createTable(limited.client);
    await putBig(table);
    const keysOf = (ReturnConsumedCapacity?: "TOTAL") =>
      limited.client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": s("big") },
          ProjectionExpression: "pk",
          ConsistentRead: true,
          ...(ReturnConsumedCapacity ? { ReturnConsumedCapacity } : {}),
        }),
      );
    const answer = await keysOf();
    expect(answer.Items).toEqual([{ pk: s("big") }]);
    // Counted for the charge, not handed to a caller who did not ask.
    expect(answer.ConsumedCapacity).toBeUndefined();
    // Three units from a partition that holds two: the next read, even of one unit, waits.
    const next = limited.client.send(
      new GetItemCommand({ TableName: table, Key: { pk: s("big") }, ProjectionExpression: "pk" }),
    );
    expect(await reasonOf(next)).toBe(
      `ProvisionedThroughputExceededException: TableReadKeyRangeThroughputExceeded table/${table}`,
    );
    limited.clock += 2_000;
    expect((await keysOf("TOTAL")).ConsumedCapacity?.CapacityUnits).toBe(3);
    limited.clock += 2_000;
  });
});

describe("a keys-only index", () => {
  it("refuses a read of attributes it does not project, as DynamoDB does", async () => {
    const name = await createTable(local.client, "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
    await local.client.send(
      new PutItemCommand({ TableName: name, Item: { pk: s("a"), group: s("g"), body: s("x") } }),
    );
    const query = (ProjectionExpression: string) =>
      indexPartition(
        local.client,
        { table: name, index: "byGroup", attribute: "group", value: "g" },
        { ProjectionExpression },
      );
    expect(await query("pk, #key")).toEqual([{ pk: s("a"), group: s("g") }]);
    await expect(query("pk, body")).rejects.toThrow("does not project [body]");
  });
});

describe("on disk", () => {
  it("finishes a transaction under way when it stops, so none is left half done", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-engine-"));
    try {
      const setUp = await startTestEngine({ dataDir });
      const table = await createKeyedTable(setUp.client, `t-${randomUUID()}`);
      await setUp.stop();

      const engine = await Engine.open({ dataDir, ttlSweepMs: 0 });
      const TransactItems = ["a", "b"].map((pk) => ({
        Put: { TableName: table, Item: { pk: s(pk) } },
      }));
      // The stop comes while the transaction is still being worked on.
      const answer = engine.handle("DynamoDB_20120810.TransactWriteItems", { TransactItems });
      await engine.close();
      expect((await answer).status).toBe(200);
      // Nothing starts once the engine is stopping.
      expect((await engine.handle("DynamoDB_20120810.ListTables", {})).status).toBe(500);

      const second = await startTestEngine({ dataDir });
      try {
        expect(await get(second.client, table, "a")).toEqual({ pk: s("a") });
        expect(await get(second.client, table, "b")).toEqual({ pk: s("b") });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("packs its store into one level when it opens it, so reads alone never rewrite it", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-engine-"));
    try {
      // Each run's writes reach the disk as a table file of level 0 when the next run opens the
      // store, and files of level 0 may overlap: a read may have to look in each of them.
      let table = "";
      for (const run of ["first", "second"]) {
        const engine = await startTestEngine({ dataDir });
        table ||= await createKeyedTable(engine.client, `t-${randomUUID()}`);
        for (let n = 0; n < 50; n++) {
          await engine.client.send(
            new PutItemCommand({ TableName: table, Item: { pk: s(`item-${n}`), run: s(run) } }),
          );
        }
        await engine.stop();
      }
      const reopened = await startTestEngine({ dataDir });
      try {
        // One level, below level 0: its files hold ranges of keys that do not overlap.
        const levels = [...reopened.engine.storeLevels().keys()];
        expect(levels).toHaveLength(1);
        expect(levels[0]).toBeGreaterThan(0);
        expect(await get(reopened.client, table, "item-7")).toEqual({
          pk: s("item-7"),
          run: s("second"),
        });
      } finally {
        await reopened.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("keeps tables, items, stream records and TTL settings across a restart", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-engine-"));
    try {
      const first = await startTestEngine({ dataDir });
      const table = await createTable(first.client);
      await first.client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
        }),
      );
      await first.client.send(
        new PutItemCommand({ TableName: table, Item: { pk: s("kept"), group: s("g") } }),
      );
      await first.stop();

      const second = await startTestEngine({ dataDir });
      try {
        expect(await get(second.client, table, "kept")).toEqual({ pk: s("kept"), group: s("g") });
        await second.client.send(new PutItemCommand({ TableName: table, Item: { pk: s("more") } }));
        const { records } = await readStream(second.client, second.streams, table);
        expect(records.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(["kept", "more"]);
        const { TimeToLiveDescription } = await second.client.send(
          new DescribeTimeToLiveCommand({ TableName: table }),
        );
        expect(TimeToLiveDescription?.AttributeName).toBe("ttl");
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
