// The engine: dynalite's tables, expressions and queries, plus what Dwipper needs of DynamoDB that
// dynalite lacks — transactions, ReturnValuesOnConditionCheckFailure, streams, TTL expiry, lagging
// global secondary indexes and eventually consistent reads, and indexes added to a table that has
// items. Every request passes through `handle`, which sends each operation to dynalite or to the
// part of this package that implements it, and sees every write (through dynalite's item store) so
// that streams and the lagging copy hear of each change.
import path from "node:path";
import {
  act,
  type Body,
  closeStore,
  type DynaliteOperation,
  db,
  describe,
  dynaliteOperations,
  failure,
  type Item,
  type ItemDb,
  isFailure,
  itemsOf,
  type KeySchemaElement,
  keyOf,
  openStore,
  packStore,
  readItem,
  type Store,
  storeLevels,
  type TableDescription,
  unknownOperation,
  validate,
  validationError,
} from "./dynalite";
import { checkIndexProjection } from "./index-projection";
import { ItemLocks } from "./item-locks";
import { LaggedCopy } from "./lagged-copy";
import {
  activate,
  describeNewIndex,
  fill,
  type IndexChange,
  indexChangeOf,
  refuseBackfilling,
  removeIndex,
} from "./online-indexes";
import {
  hashOf,
  type Partition,
  PartitionThroughput,
  readUnits,
  throttled,
} from "./partition-throughput";
import { type Change, Streams, type StreamViewType, streamViewTypes } from "./streams";
import { hasExpired, TimeToLive } from "./time-to-live";
import { transactGet, transactWrite } from "./transactions";

export interface EngineOptions {
  /** Where tables and streams are kept; omitted: in memory, gone on close. */
  dataDir?: string;
  /**
   * How long eventually consistent reads trail the writes (0: not at all): every read of a global
   * secondary index, and a read of a table without `ConsistentRead`.
   */
  readLagMs?: number;
  region?: string;
  /** How often expired items are looked for. AWS takes up to a few days; 0 turns sweeping off. */
  ttlSweepMs?: number;
  /** How long a new or changed table stays CREATING / UPDATING before it is ACTIVE. */
  tableStatusMs?: number;
  /**
   * How many write units one partition of a table or an index takes a second before writes to it
   * are throttled, as DynamoDB's 1,000 (`PARTITION_WRITE_UNITS` in `aws-limits.ts`); omitted or
   * 0: never throttled.
   */
  partitionWriteUnits?: number;
  /** The same for reads: DynamoDB's 3,000 read units (`PARTITION_READ_UNITS`). */
  partitionReadUnits?: number;
  /**
   * How many shards a new stream has (1 unless told): a table's items spread over them by
   * partition key (`STREAM_SHARDS` in `aws-limits.ts`; ADR 0058).
   */
  streamShards?: number;
  /**
   * How long a new stream's shards are written before they roll over, seconds, as DynamoDB Streams'
   * do every few hours (`SHARD_LIFETIME_SECONDS` in `aws-limits.ts`; ADR 0060); omitted or 0: never.
   */
  shardLifetimeSeconds?: number;
  /**
   * How many `GetRecords` a stream shard takes a second, as DynamoDB Streams throttles more than two
   * readers (`SHARD_READS_PER_SECOND` in `aws-limits.ts`); omitted or 0: without limit.
   */
  shardReadsPerSecond?: number;
  /** How many `DescribeStream` the engine takes a second (`DESCRIBE_STREAM_PER_SECOND`). */
  describeStreamsPerSecond?: number;
  /**
   * The share of writes whose answer is lost after they commit (0: none), as a connection to
   * DynamoDB can drop while the answer is on its way: only a first try of a client that will try
   * again, so the SDK's retry meets the write already done (ADR 0057). See `server.ts`.
   */
  lostAnswerRate?: number;
  /** The clock, for tests of retention and expiry. */
  now?: () => number;
  /** How many requests are worked on at once; the rest wait their turn (see `handle`). */
  concurrency?: number;
}

export const ACCOUNT = "000000000000";

/** The engine's answer to one request: an HTTP status and a JSON body. */
export interface Answer {
  status: number;
  body: Body;
}

const dynaliteHandles = new Set<string>(dynaliteOperations);

/** Whether a request asks for its consumed capacity in the answer. */
const asksForCapacity = (input: Body) =>
  input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES";

export class Engine {
  readonly store: Store;
  readonly locks = new ItemLocks();
  readonly streams: Streams;
  readonly timeToLive: TimeToLive;
  readonly lagged: LaggedCopy | undefined;
  readonly throughput: PartitionThroughput | undefined;
  readonly now: () => number;
  /** The share of committed writes whose answer the server loses (`EngineOptions`). */
  readonly lostAnswerRate: number;
  /** Idempotency tokens of committed transactions (TransactWriteItems), for 10 minutes. */
  readonly tokens = new Map<string, { fingerprint: string; at: number; done: boolean }>();
  private readonly keySchemas = new Map<string, KeySchemaElement[]>();
  /** Items the TTL sweep is deleting, so their stream records name the service. */
  private readonly serviceDeletes = new Set<string>();
  private readonly turns: (() => void)[] = [];
  private working = 0;
  /** Set by `close`: no request starts after it, and the store stays open for those under way. */
  private closing = false;
  private idle: (() => void) | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  /** Indexes being filled, one after another; `close` waits for them. */
  private building: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: EngineOptions,
    readonly region: string,
  ) {
    this.now = options.now ?? Date.now;
    this.lostAnswerRate = options.lostAnswerRate ?? 0;
    const statusMs = options.tableStatusMs ?? 0;
    this.store = openStore({
      ...(options.dataDir ? { path: path.join(options.dataDir, "tables") } : {}),
      createTableMs: statusMs,
      deleteTableMs: statusMs,
      updateTableMs: statusMs,
    });
    const streamsDir = options.dataDir ? path.join(options.dataDir, "streams") : null;
    this.streams = new Streams(streamsDir, region, ACCOUNT, this.now, {
      shards: options.streamShards ?? 1,
      shardLifetimeMs: (options.shardLifetimeSeconds ?? 0) * 1000,
      shardReadsPerSecond: options.shardReadsPerSecond ?? 0,
      describesPerSecond: options.describeStreamsPerSecond ?? 0,
    });
    this.timeToLive = new TimeToLive(options.dataDir ?? null);
    this.lagged = options.readLagMs ? new LaggedCopy(options.readLagMs, this.now) : undefined;
    const limits = {
      Read: options.partitionReadUnits ?? 0,
      Write: options.partitionWriteUnits ?? 0,
    };
    this.throughput =
      limits.Read > 0 || limits.Write > 0 ? new PartitionThroughput(limits, this.now) : undefined;
    this.captureChanges();
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(options, options.region ?? "us-east-1");
    await packStore(engine.store);
    await engine.loadTables();
    const sweepMs = options.ttlSweepMs ?? 10_000;
    if (sweepMs > 0) engine.startSweeping(sweepMs);
    return engine;
  }

  /** How many files each level of the store holds on disk (packed when opened: one level). */
  storeLevels(): Map<number, number> {
    return storeLevels(this.store);
  }

  /**
   * Stops taking requests, lets every request under way finish (a transaction is never cut in
   * half by a stop), then closes the store.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.working > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    clearInterval(this.sweeper);
    await this.sweeping;
    await this.building;
    this.lagged?.stop();
    await closeStore(this.store);
  }

  /** Tables kept on disk from an earlier run: their key schemas, and their lagging copies. */
  private async loadTables(): Promise<void> {
    let start: string | undefined;
    do {
      const page = await act(this.store, "ListTables", {
        ...(start ? { ExclusiveStartTableName: start } : {}),
      });
      for (const name of (page.TableNames as string[] | undefined) ?? []) {
        const table = await describe(this.store, name);
        this.keySchemas.set(name, table.KeySchema);
        await this.lagged?.mirror(table, itemsOf(this.store, name));
        // An index the last run had not finished filling (the copy, just made, holds it whole).
        for (const index of table.GlobalSecondaryIndexes ?? []) {
          if (index.IndexStatus === "CREATING") this.build(name, String(index.IndexName));
        }
      }
      start = page.LastEvaluatedTableName as string | undefined;
    } while (start);
  }

  /** Sees every item written to or deleted from dynalite's store, with what it was before. */
  private captureChanges(): void {
    const itemDbOf = this.store.getItemDb.bind(this.store);
    const wrapped = new Map<string, { inner: ItemDb; outer: ItemDb }>();
    this.store.getItemDb = (table: string) => {
      const inner = itemDbOf(table);
      const known = wrapped.get(table);
      if (known?.inner === inner) return known.outer;
      const committed = (key: string, before: Item | undefined, after: Item | undefined) => {
        if (before || after) this.committed(table, key, before, after);
      };
      const outer: ItemDb = Object.create(inner);
      outer.put = (key, value, callback) =>
        inner.get(key, (_error, before) =>
          inner.put(key, value, (error) => {
            if (!error) committed(key, before ?? undefined, value);
            callback(error);
          }),
        );
      outer.del = (key, callback) =>
        inner.get(key, (_error, before) =>
          inner.del(key, (error) => {
            if (!error) committed(key, before ?? undefined, undefined);
            callback(error);
          }),
        );
      wrapped.set(table, { inner, outer });
      return outer;
    };
  }

  private committed(table: string, key: string, before?: Item, after?: Item): void {
    const schema = this.keySchemas.get(table);
    if (!schema) return;
    const lockKey = itemLockKey(table, key);
    const byService = !after && this.serviceDeletes.delete(lockKey);
    const change: Change = {
      table,
      keys: keyOf((after ?? before) as Item, { KeySchema: schema } as never),
      ...(before ? { oldImage: before } : {}),
      ...(after ? { newImage: after } : {}),
      at: this.now(),
      byService,
    };
    this.streams.record(change);
    this.lagged?.enqueue(change);
    // What TTL deletes costs nobody's throughput, as on AWS.
    if (!byService) {
      const hash = hashOf(schema);
      this.throughput?.chargeWrite(table, hash, before, after, this.locks.inTransaction(lockKey));
    }
  }

  /**
   * Answers one request, as `X-Amz-Target` names it, never throwing. A few requests are worked on
   * at a time and the rest wait before they start: on one thread, a transaction that shared the
   * loop with a hundred others would hold its items for as long as all of them took, and conflict
   * far more often than on DynamoDB, where one request's time does not grow with unrelated load.
   */
  async handle(target: string, input: Body): Promise<Answer> {
    if (this.working >= (this.options.concurrency ?? 8)) {
      await new Promise<void>((resolve) => this.turns.push(resolve));
    } else this.working++;
    try {
      if (this.closing) {
        const stopping = failure("InternalServerError", "The engine is shutting down.");
        throw Object.assign(stopping, { statusCode: 500 });
      }
      return { status: 200, body: await this.dispatch(target, input) };
    } catch (error) {
      if (isFailure(error)) return { status: error.statusCode, body: error.body };
      return {
        status: 500,
        body: {
          __type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
          message: error instanceof Error ? error.message : String(error),
        },
      };
    } finally {
      const next = this.turns.shift();
      if (next) next();
      else if (--this.working === 0) this.idle?.();
    }
  }

  private async dispatch(target: string, input: Body): Promise<Body> {
    const [api, operation = ""] = target.split(".");
    if (api === "DynamoDBStreams_20120810") return this.streams.handle(operation, input);
    if (api !== "DynamoDB_20120810") {
      throw unknownOperation();
    }
    switch (operation) {
      case "TransactWriteItems":
        return transactWrite(this, input);
      case "TransactGetItems":
        return transactGet(this, input);
      case "UpdateTimeToLive":
        await describe(this.store, String(input.TableName));
        return this.timeToLive.update(input);
      case "DescribeTimeToLive":
        await describe(this.store, String(input.TableName));
        return this.timeToLive.describe(String(input.TableName));
      case "CreateTable":
        return this.createTable(input);
      case "UpdateTable":
        return this.updateTable(input);
      case "DeleteTable":
        return this.deleteTable(input);
      case "DescribeTable":
        return this.withStream(await this.run("DescribeTable", input), "Table");
      case "PutItem":
      case "UpdateItem":
      case "DeleteItem":
        return this.write(operation, input);
      case "BatchWriteItem":
        return this.batchWrite(input);
      case "GetItem":
        return this.getItem(input);
      case "BatchGetItem":
        return this.batchGet(input);
      case "Query":
      case "Scan": {
        // Validated against the real table first, so a refusal is the same from the copy.
        const valid = validate(this.store, operation, input);
        const data = operation === "Query" ? this.counted(valid) : valid;
        const tableName = String(input.TableName);
        let indexSchema: KeySchemaElement[] | undefined;
        if (input.IndexName) {
          const table = await describe(this.store, tableName);
          refuseBackfilling(table, input);
          checkIndexProjection(table, input);
          indexSchema = table.GlobalSecondaryIndexes?.find(
            (index) => index.IndexName === input.IndexName,
          )?.KeySchema as KeySchemaElement[] | undefined;
        }
        const lagging = this.lagged && (input.IndexName || !input.ConsistentRead);
        const readOf = (body: Body) =>
          lagging
            ? (this.lagged as LaggedCopy).read(operation, body)
            : act(this.store, operation, body);
        const schema = indexSchema ?? this.keySchemas.get(tableName) ?? [];
        const index = input.IndexName as string | undefined;
        if (operation === "Scan") {
          const consistent = !!input.ConsistentRead;
          return this.throttledScan(
            { table: tableName, index, hash: hashOf(schema), consistent },
            data,
            readOf,
          );
        }
        const conditions = data.KeyConditions as
          | Record<string, { AttributeValueList?: unknown[] }>
          | undefined;
        const value = conditions?.[hashOf(schema)]?.AttributeValueList?.[0];
        return this.throttledRead(
          value === undefined ? undefined : { table: tableName, index, value },
          input,
          () => readOf(data),
        );
      }
      default:
        if (dynaliteHandles.has(operation)) return this.run(operation as DynaliteOperation, input);
        throw unknownOperation();
    }
  }

  private run(operation: DynaliteOperation, input: Body): Promise<Body> {
    return act(this.store, operation, validate(this.store, operation, input));
  }

  /** Where `item` (an item or a key) of a table lives: its table, store key and lock key. */
  async placeOf(tableName: string, item: Item, whole = false) {
    const table = await describe(this.store, tableName);
    const invalid = whole ? db.validateItem(item, table) : db.validateKey(item, table);
    if (invalid) throw invalid;
    const storeKey = db.createKey(item, table);
    return { table, storeKey, lockKey: itemLockKey(tableName, storeKey) };
  }

  /** The key under which `item` (an item or a key) of `table` is locked. */
  async lockKeyOf(tableName: string, item: Item, whole = false): Promise<string> {
    return (await this.placeOf(tableName, item, whole)).lockKey;
  }

  /** PutItem, UpdateItem or DeleteItem, with ReturnValuesOnConditionCheckFailure. */
  async write(operation: "PutItem" | "UpdateItem" | "DeleteItem", input: Body): Promise<Body> {
    const onFailure = input.ReturnValuesOnConditionCheckFailure;
    if (onFailure !== undefined && onFailure !== "ALL_OLD" && onFailure !== "NONE") {
      throw validationError(
        `1 validation error detected: Value '${String(onFailure)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
      );
    }
    const data = validate(this.store, operation, input);
    if (onFailure) data.ReturnValuesOnConditionCheckFailure = onFailure;
    const whole = operation === "PutItem";
    const tableName = String(data.TableName);
    const target = (whole ? data.Item : data.Key) as Item;
    const place = await this.placeOf(tableName, target, whole);
    const over = await this.exhaustedForWrite(tableName, place, target);
    if (over) throw throttled(over, this.region, ACCOUNT);
    return this.locks.single([place.lockKey], () => act(this.store, operation, data));
  }

  /**
   * The first partition a write of `target` (an item to put, or a key) would spend from that has
   * spent all it may for now: its table's, and those of the indexes its item is in now or, put,
   * would be in. An update that moves an item into another index partition is charged for it
   * once done, but not held back by it beforehand.
   */
  async exhaustedForWrite(
    tableName: string,
    place: { table: TableDescription; storeKey: string },
    target: Item,
  ): Promise<Partition | undefined> {
    if (!this.throughput?.limits.Write) return undefined;
    const stored = await readItem(this.store, tableName, place.storeKey);
    return this.throughput.firstExhausted(
      this.throughput.writePartitions(place.table, [target, stored]),
    );
  }

  /**
   * BatchWriteItem: each write to a partition that has spent its second is handed back unprocessed,
   * as DynamoDB does; when every one is, the batch is refused as throttled.
   */
  private async batchWrite(input: Body): Promise<Body> {
    const data = validate(this.store, "BatchWriteItem", input);
    const keys: string[] = [];
    const going: Record<string, Body[]> = {};
    const unprocessed: Record<string, Body[]> = {};
    let over: Partition | undefined;
    for (const [table, requests] of Object.entries(data.RequestItems as Record<string, Body[]>)) {
      for (const request of requests) {
        const put = request.PutRequest as { Item: Item } | undefined;
        const remove = request.DeleteRequest as { Key: Item } | undefined;
        const target = (put?.Item ?? remove?.Key) as Item;
        const place = await this.placeOf(table, target, !!put);
        const exhausted = await this.exhaustedForWrite(table, place, target);
        over ??= exhausted;
        const into = exhausted ? unprocessed : going;
        into[table] = [...(into[table] ?? []), request];
        if (!exhausted) keys.push(place.lockKey);
      }
    }
    if (over && Object.keys(going).length === 0) throw throttled(over, this.region, ACCOUNT);
    const answer = await this.locks.single(keys, () =>
      act(this.store, "BatchWriteItem", { ...data, RequestItems: going }),
    );
    if (!over) return answer;
    return {
      ...answer,
      UnprocessedItems: { ...(answer.UnprocessedItems as Body | undefined), ...unprocessed },
    };
  }

  /** A read of one item: consistent from the tables, eventually consistent from the lagging copy. */
  private async getItem(input: Body): Promise<Body> {
    const data = this.counted(validate(this.store, "GetItem", input));
    const tableName = String(data.TableName);
    const key = data.Key as Item;
    return this.throttledRead(
      { table: tableName, value: key[hashOf(this.keySchemas.get(tableName) ?? [])] },
      input,
      async () => {
        if (this.lagged && !data.ConsistentRead) return this.lagged.read("GetItem", data);
        await this.locks.settled([await this.lockKeyOf(tableName, key)]);
        return act(this.store, "GetItem", data);
      },
    );
  }

  /**
   * The validated request, asking dynalite for what it consumed when the partitions are limited:
   * DynamoDB charges a read for every item it reads, at its full size, summed before it is
   * rounded, whatever a projection or a filter leaves of it, and dynalite counts it so.
   */
  private counted(data: Body): Body {
    if (!this.throughput?.limits.Read || asksForCapacity(data)) return data;
    return { ...data, ReturnConsumedCapacity: "TOTAL" };
  }

  /**
   * Runs a read of one partition (a table's, or an index's when `index` is named) unless that
   * partition has spent its second, and charges it what DynamoDB would: the read's consumed
   * units, counted before any projection or filter (`counted`), and never less than one item's.
   */
  private async throttledRead(
    where: { table: string; index?: string | undefined; value: unknown } | undefined,
    input: Body,
    read: () => Promise<Body>,
  ): Promise<Body> {
    const throughput = this.throughput;
    if (!throughput?.limits.Read) return read();
    const partition = where && throughput.readPartition(where.table, where.index, where.value);
    if (partition && throughput.firstExhausted([partition])) {
      throw throttled(partition, this.region, ACCOUNT);
    }
    const answer = await read();
    if (partition) {
      const consumed = Number((answer.ConsumedCapacity as Body | undefined)?.CapacityUnits ?? 0);
      throughput.chargeRead(partition, Math.max(consumed, readUnits(0, !!input.ConsistentRead)));
    }
    // Counted for the charge (`counted`), not handed to a caller who did not ask.
    if (asksForCapacity(input)) return answer;
    const { ConsumedCapacity: _, ...asked } = answer;
    return asked;
  }

  /**
   * Runs a page of a Scan unless a partition it reads has spent its second, and charges each of
   * them for its items, whole. A Scan reads partition after partition, so which ones a page reads
   * is known from the items it reads: the same page without its filter or projection, read first
   * when it has either.
   */
  private async throttledScan(
    where: { table: string; index: string | undefined; hash: string; consistent: boolean },
    data: Body,
    readOf: (body: Body) => Promise<Body>,
  ): Promise<Body> {
    const throughput = this.throughput;
    if (!throughput?.limits.Read) return readOf(data);
    const { _filter, _projection, ScanFilter, AttributesToGet, Select, ...whole } = data;
    // A page answered as it was read is read once.
    const shaped = [_filter, _projection, ScanFilter, AttributesToGet, Select].some(Boolean);
    const wholePage = await readOf(shaped ? whole : data);
    const read = (wholePage.Items ?? []) as Item[];
    const bytesOf = new Map<string, { value: unknown; bytes: number }>();
    for (const item of read) {
      const value = item[where.hash];
      const key = JSON.stringify(value);
      const entry = bytesOf.get(key) ?? { value, bytes: 0 };
      entry.bytes += db.itemSize(item);
      bytesOf.set(key, entry);
    }
    const charges = [...bytesOf.values()].map(({ value, bytes }) => ({
      partition: throughput.readPartition(where.table, where.index, value),
      units: readUnits(bytes, where.consistent),
    }));
    const over = throughput.firstExhausted(charges.map(({ partition }) => partition));
    if (over) throw throttled(over, this.region, ACCOUNT);
    const answer = shaped ? await readOf(data) : wholePage;
    for (const { partition, units } of charges) throughput.chargeRead(partition, units);
    return answer;
  }

  /**
   * A batch read: the tables it reads consistently from the tables, once no transaction is writing
   * their items; those it reads eventually consistently from the lagging copy.
   */
  private async batchGet(input: Body): Promise<Body> {
    const validated = validate(this.store, "BatchGetItem", input);
    const { data, unprocessed, over } = this.withoutThrottledKeys(validated, input);
    if (over && Object.keys(data.RequestItems as Body).length === 0) {
      throw throttled(over, this.region, ACCOUNT);
    }
    const requests = Object.entries(data.RequestItems as Record<string, Body>);
    const lagging = this.lagged ? requests.filter(([, request]) => !request.ConsistentRead) : [];
    const current = requests.filter((entry) => !lagging.includes(entry));
    const keys: string[] = [];
    for (const [table, request] of current) {
      for (const key of request.Keys as Item[]) keys.push(await this.lockKeyOf(table, key));
    }
    await this.locks.settled(keys);
    // Each part is the validated request's tables in it, read where it is read from.
    const part = async (entries: [string, Body][], read: (part: Body) => Promise<Body>) => {
      if (entries.length === 0) return undefined;
      const request = { ...data, RequestItems: Object.fromEntries(entries) };
      return chargeFoundOnly(request, await read(request));
    };
    const [fromTables, fromCopy] = await Promise.all([
      part(current, (request) => act(this.store, "BatchGetItem", request)),
      part(lagging, (request) => (this.lagged as LaggedCopy).read("BatchGetItem", request)),
    ]);
    const answer = joinBatchReads(fromTables, fromCopy);
    this.chargeBatchRead(data, answer);
    if (!over) return answer;
    return {
      ...answer,
      UnprocessedKeys: { ...(answer.UnprocessedKeys as Body | undefined), ...unprocessed },
    };
  }

  /**
   * A batch read without the keys whose partitions have spent their second, which DynamoDB hands
   * back unprocessed as they were asked: the validated request left, those keys, and the first
   * such partition.
   */
  private withoutThrottledKeys(validated: Body, input: Body) {
    const requests = validated.RequestItems as Record<string, Body>;
    const raw = input.RequestItems as Record<string, Body>;
    if (!this.throughput?.limits.Read) {
      return { data: validated, unprocessed: {}, over: undefined };
    }
    const kept: Record<string, Body> = {};
    const unprocessed: Record<string, Body> = {};
    let over: Partition | undefined;
    for (const [name, request] of Object.entries(requests)) {
      const hash = hashOf(this.keySchemas.get(name) ?? []);
      const keys = request.Keys as Item[];
      const throttledKeys = keys.map((key) =>
        this.throughput?.firstExhausted([
          (this.throughput as PartitionThroughput).readPartition(name, undefined, key[hash]),
        ]),
      );
      over ??= throttledKeys.find(Boolean);
      const pick = (from: Body, throttledOnes: boolean) => ({
        ...from,
        Keys: (from.Keys as Item[]).filter((_, at) => !!throttledKeys[at] === throttledOnes),
      });
      if (throttledKeys.some((each) => !each)) kept[name] = pick(request, false);
      if (throttledKeys.some(Boolean)) unprocessed[name] = pick(raw[name] as Body, true);
    }
    return { data: { ...validated, RequestItems: kept }, unprocessed, over };
  }

  /** Charges each item a batch read found to its partition, as DynamoDB rounds each item apart. */
  private chargeBatchRead(data: Body, answer: Body): void {
    if (!this.throughput?.limits.Read) return;
    const requests = data.RequestItems as Record<string, Body>;
    for (const [name, items] of Object.entries(
      (answer.Responses ?? {}) as Record<string, Item[]>,
    )) {
      const hash = hashOf(this.keySchemas.get(name) ?? []);
      const consistent = !!requests[name]?.ConsistentRead;
      for (const item of items) {
        const partition = this.throughput.readPartition(name, undefined, item[hash]);
        this.throughput.chargeRead(partition, readUnits(db.itemSize(item), consistent));
      }
    }
  }

  /** The parts of a table description that dynalite does not keep: its stream, its protection. */
  private withStream(answer: Body, field: "Table" | "TableDescription"): Body {
    const table = answer[field] as Body | undefined;
    if (!table) return answer;
    return {
      ...answer,
      [field]: {
        ...table,
        // Dwipper's tables are never protected; the field is in every AWS description.
        DeletionProtectionEnabled: false,
        ...this.streams.describeFor(String(table.TableName)),
      },
    };
  }

  private streamRequest(input: Body): { enabled: boolean; viewType?: StreamViewType } | undefined {
    const specification = input.StreamSpecification as
      | { StreamEnabled?: unknown; StreamViewType?: unknown }
      | undefined;
    if (!specification) return undefined;
    if (typeof specification.StreamEnabled !== "boolean") {
      throw validationError(
        "1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null",
      );
    }
    const viewType = specification.StreamViewType;
    if (specification.StreamEnabled) {
      if (!streamViewTypes.includes(viewType as StreamViewType)) {
        throw validationError(
          "StreamSpecification: StreamViewType is required when StreamEnabled is true",
        );
      }
      return { enabled: true, viewType: viewType as StreamViewType };
    }
    return { enabled: false };
  }

  private async createTable(input: Body): Promise<Body> {
    const stream = this.streamRequest(input);
    const { StreamSpecification: _, ...rest } = input;
    const answer = await this.run("CreateTable", rest).catch((error: unknown) => {
      // dynalite says nothing more; DynamoDB names the table.
      if (isFailure(error) && String(error.body.__type).endsWith("ResourceInUseException")) {
        throw failure("ResourceInUseException", `Table already exists: ${String(rest.TableName)}`);
      }
      throw error;
    });
    const name = String(rest.TableName);
    const table = await describe(this.store, name);
    this.keySchemas.set(name, table.KeySchema);
    if (stream?.enabled)
      this.streams.enable(name, stream.viewType as StreamViewType, table.KeySchema);
    await this.lagged?.ddl("CreateTable", rest);
    return this.withStream(answer, "TableDescription");
  }

  private async updateTable(input: Body): Promise<Body> {
    const stream = this.streamRequest(input);
    const { StreamSpecification: _, ...asked } = input;
    const name = String(input.TableName);
    const table = await describe(this.store, name);
    // An index added or removed is this engine's to check and do (dynalite's checks ask an index
    // of an on-demand table for throughput, and it does nothing with one); dynalite does the rest.
    const indexChange = indexChangeOf(asked, table);
    const rest = indexChange ? withoutIndexChanges(asked) : asked;
    if (stream) {
      const current = this.streams.current(name);
      if (stream.enabled && current) {
        throw validationError(`Table already has an enabled stream: ${current.arn}`);
      }
      if (!stream.enabled && !current) {
        throw validationError("Table does not have an enabled stream");
      }
    }
    const more = Object.keys(rest).some((field) => field !== "TableName");
    const answer = more
      ? await this.run("UpdateTable", rest)
      : { TableDescription: (await this.run("DescribeTable", { TableName: name })).Table };
    if (stream?.enabled)
      this.streams.enable(name, stream.viewType as StreamViewType, table.KeySchema);
    else if (stream) this.streams.disable(name);
    if (more) await this.lagged?.ddl("UpdateTable", rest);
    if (indexChange) {
      return this.withStream(
        { TableDescription: await this.changeIndex(name, indexChange) },
        "TableDescription",
      );
    }
    return this.withStream(answer, "TableDescription");
  }

  /**
   * Removes an index at once, or describes a new one `CREATING` and fills it in the background,
   * and answers the table's description as it then stands.
   */
  private async changeIndex(name: string, change: IndexChange): Promise<Body> {
    if ("remove" in change) {
      const answer = await removeIndex(this.store, name, change.remove);
      await this.lagged?.removeIndex(name, change.remove);
      return answer;
    }
    const described = await describeNewIndex(this.store, name, change);
    await this.lagged?.addIndex(name, change);
    this.build(name, String(change.create.IndexName));
    return described;
  }

  /**
   * Fills an index from its table's items, then makes it `ACTIVE`, no sooner than a table's own
   * status would change (`tableStatusMs`), as DynamoDB takes its time to build an index.
   */
  private build(name: string, indexName: string): void {
    const statusMs = this.options.tableStatusMs ?? 0;
    this.building = this.building
      .then(async () => {
        const started = Date.now();
        await fill(this.store, name, indexName, itemsOf(this.store, name));
        const left = statusMs - (Date.now() - started);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
        await activate(this.store, name, indexName);
      })
      // A fill that fails (the store closing under it) leaves the index CREATING, and the next
      // start fills it again (`loadTables`); the indexes after it are still built.
      .catch(() => undefined);
  }

  private async deleteTable(input: Body): Promise<Body> {
    const answer = await this.run("DeleteTable", input);
    const name = String(input.TableName);
    this.streams.disable(name, true);
    this.timeToLive.forget(name);
    this.keySchemas.delete(name);
    await this.lagged?.ddl("DeleteTable", { TableName: name });
    return answer;
  }

  private startSweeping(everyMs: number): void {
    this.sweeper = setInterval(() => {
      this.sweeping = this.sweeping
        .then(() => this.sweepExpired())
        .then(
          () => undefined,
          () => undefined,
        );
    }, everyMs);
    this.sweeper.unref();
  }

  /** Deletes every item whose time to live has passed, as the TTL service would. */
  async sweepExpired(): Promise<number> {
    let deleted = 0;
    for (const [table, attribute] of this.timeToLive.tables()) {
      const nowSeconds = String(Math.floor(this.now() / 1000));
      const due = {
        ConditionExpression: "#ttl <= :now",
        ExpressionAttributeNames: { "#ttl": attribute },
        ExpressionAttributeValues: { ":now": { N: nowSeconds } },
      };
      const filter = {
        FilterExpression: due.ConditionExpression,
        ExpressionAttributeNames: due.ExpressionAttributeNames,
        ExpressionAttributeValues: due.ExpressionAttributeValues,
      };
      const schema = this.keySchemas.get(table);
      if (!schema) continue;
      for await (const item of itemsOf(this.store, table, filter)) {
        if (!hasExpired(item, attribute, this.now())) continue;
        const key = keyOf(item, { KeySchema: schema } as never);
        const lockKey = await this.lockKeyOf(table, key);
        this.serviceDeletes.add(lockKey);
        try {
          // Only if it is still due: a write may have moved its expiry since the scan.
          await this.write("DeleteItem", { TableName: table, Key: key, ...due });
          deleted++;
        } catch {
          // Changed meanwhile, or in a transaction: the next sweep looks again.
        } finally {
          this.serviceDeletes.delete(lockKey);
        }
      }
    }
    return deleted;
  }
}

/** One batch read's answer from the answers to its parts (each table is in one part only). */
function joinBatchReads(...parts: (Body | undefined)[]): Body {
  const answers = parts.filter((part): part is Body => part !== undefined);
  if (answers.length === 1) return answers[0] as Body;
  const joined = (field: string) =>
    Object.assign({}, ...answers.map((answer) => (answer[field] ?? {}) as Body)) as Body;
  const capacity = answers.flatMap((answer) => (answer.ConsumedCapacity ?? []) as Body[]);
  return {
    Responses: joined("Responses"),
    UnprocessedKeys: joined("UnprocessedKeys"),
    ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}),
  };
}

/**
 * A batch read charges for the items it found, as DynamoDB Local does; dynalite charges a missing
 * key as a read of an empty item.
 */
function chargeFoundOnly(data: Body, answer: Body): Body {
  const capacity = answer.ConsumedCapacity as
    | { TableName: string; CapacityUnits: number; Table?: unknown }[]
    | undefined;
  if (!capacity) return answer;
  const requests = data.RequestItems as Record<string, { Keys: Item[]; ConsistentRead?: boolean }>;
  const found = (answer.Responses ?? {}) as Record<string, Item[]>;
  return {
    ...answer,
    ConsumedCapacity: capacity.map((entry) => {
      const request = requests[entry.TableName];
      const missing = (request?.Keys.length ?? 0) - (found[entry.TableName]?.length ?? 0);
      const each = request?.ConsistentRead ? 1 : 0.5;
      const units = Math.max(0, entry.CapacityUnits - missing * each);
      return {
        ...entry,
        CapacityUnits: units,
        ...(entry.Table ? { Table: { CapacityUnits: units } } : {}),
      };
    }),
  };
}

export const itemLockKey = (table: string, key: string) => `${table}\u0000${key}`;

/** An UpdateTable without the index added or removed (and the attributes defined for it). */
function withoutIndexChanges(input: Body): Body {
  const { GlobalSecondaryIndexUpdates: updates, AttributeDefinitions: _, ...rest } = input;
  const others = ((updates as Body[] | undefined) ?? []).filter(
    (update) => !update.Create && !update.Delete,
  );
  return others.length > 0 ? { ...rest, GlobalSecondaryIndexUpdates: others } : rest;
}
