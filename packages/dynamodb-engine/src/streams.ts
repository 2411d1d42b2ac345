// DynamoDB Streams for the engine: every change to a table with a stream becomes a record in
// AWS's format, kept for 24 hours (on disk beside the tables when the engine has a folder), and
// served by the Streams API the local stream poller reads (`ListStreams`, `DescribeStream`,
// `GetShardIterator`, `GetRecords`). Iterators expire after 15 minutes, as on AWS; when told to,
// a shard takes only so many reads a second and the account only so many `DescribeStream`, past
// which a request is refused with `LimitExceededException`, which the SDK retries (aws-limits.ts).
// A stream has one shard, or as many as it is told: each item's records go to the shard its
// partition key falls in, so each item's records are in order in one shard and two items' records
// may be read in either order, as in DynamoDB Streams (ADR 0058). When told a shard's lifetime,
// the shards roll over as DynamoDB Streams' do every few hours: each closes and a child takes its
// records from then on, so an item's records run on from a parent into its child (ADR 0060).
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type Body,
  db,
  failure,
  type Item,
  type KeySchemaElement,
  unknownOperation,
  validationError,
} from "./dynalite";
import { perSecond } from "./token-bucket";

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
export const streamViewTypes: StreamViewType[] = [
  "KEYS_ONLY",
  "NEW_IMAGE",
  "OLD_IMAGE",
  "NEW_AND_OLD_IMAGES",
];

/** One committed change to one item. */
export interface Change {
  table: string;
  keys: Item;
  oldImage?: Item;
  newImage?: Item;
  /** When it was committed (ms). */
  at: number;
  /** Made by DynamoDB itself (TTL expiry), not by a caller. */
  byService: boolean;
}

interface StreamInfo {
  arn: string;
  label: string;
  table: string;
  viewType: StreamViewType;
  keySchema: KeySchemaElement[];
  /** Its first shard (a stream kept before streams had more than one has only this one). */
  shardId: string;
  /** Every shard, the first included. */
  shardIds?: string[];
  createdAt: number;
  /** False once the table's stream was turned off: its shards are closed, their records stay. */
  enabled: boolean;
  /** How long a shard is written before it closes and a child follows it, ms; never if absent. */
  shardLifetimeMs?: number;
}

interface StreamRecord {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  eventVersion: "1.1";
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: { PrincipalId: string; Type: string };
}

interface Stream {
  info: StreamInfo;
  records: StreamRecord[];
  /** Where its records are appended, or null in memory. */
  file: string | null;
  /** The last sequence number that has aged out; reading at or before it is refused. */
  trimmedThrough: bigint;
}

interface Iterator {
  arn: string;
  shardId: string;
  /** The first sequence number this iterator may return. */
  next: string;
  issuedAt: number;
}

/**
 * How many shards a new stream has (1 unless told), and how often a shard may be read and streams
 * described a second (0 or omitted: without limit).
 */
export interface StreamSettings {
  shards?: number;
  /** How long a new stream's shards are written before they roll over, ms (whole seconds). */
  shardLifetimeMs?: number;
  shardReadsPerSecond?: number;
  describesPerSecond?: number;
}

const shardsOf = (info: StreamInfo) => info.shardIds ?? [info.shardId];

/** A shard: its generation (0 for the stream's first shards, 1 for their children…) and place. */
interface ShardPlace {
  generation: number;
  index: number;
}

/** Each record's shard, worked out once. */
const recordShards = new WeakMap<StreamRecord, ShardPlace>();

/**
 * Where a stream's generations are counted from: its creation, to the whole second, so that a
 * record's generation read from its creation time (whole seconds) is the one it was written in.
 */
const generationBase = (info: StreamInfo) => Math.floor(info.createdAt / 1000) * 1000;

/** The generation of shards written at `ms`. */
function generationAt(info: StreamInfo, ms: number): number {
  const lifetime = info.shardLifetimeMs;
  if (!lifetime) return 0;
  return Math.max(0, Math.floor((ms - generationBase(info)) / lifetime));
}

/** The id of a stream's shard; the first generation's are the ones made with the stream. */
function shardIdAt(info: StreamInfo, { generation, index }: ShardPlace): string {
  if (generation === 0) return shardsOf(info)[index] as string;
  const opened = generationBase(info) + generation * (info.shardLifetimeMs ?? 0);
  const tag = createHash("md5").update(`${info.arn}|${generation}|${index}`).digest("hex");
  return `shardId-${String(opened).padStart(20, "0")}-${tag.slice(0, 8)}`;
}

/** The shard (its place in `shardsOf`) that the item with these keys writes its records to. */
function shardIndex(info: StreamInfo, keys: Item): number {
  const count = shardsOf(info).length;
  if (count === 1) return 0;
  const hashKey = info.keySchema.find((key) => key.KeyType === "HASH")?.AttributeName ?? "";
  const digest = createHash("md5")
    .update(JSON.stringify(keys[hashKey] ?? null))
    .digest();
  return digest.readUInt32BE(0) % count;
}

const samePlace = (a: ShardPlace, b: ShardPlace) =>
  a.generation === b.generation && a.index === b.index;

const rateExceeded = (what: string) =>
  failure("LimitExceededException", `Rate exceeded for ${what}.`);

export const RETENTION_MS = 24 * 3600 * 1000;
export const ITERATOR_LIFETIME_MS = 15 * 60 * 1000;
const SEQUENCE_DIGITS = 21;

const trimmed = () =>
  failure(
    "TrimmedDataAccessException",
    "The operation attempted to read past the oldest stream record in a shard.",
  );

/** The same attributes and values, whatever their order (dynalite's copies have no prototype). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

const sameItem = (a: Item, b: Item) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

const sequence = (value: bigint) => value.toString().padStart(SEQUENCE_DIGITS, "0");

export class Streams {
  private readonly streams = new Map<string, Stream>();
  private lastSequence = 0n;
  /** Each shard's reads left for now, by shard id (made at its first read). */
  private readonly shardReads = new Map<string, () => boolean>();
  private readonly describes: (() => boolean) | undefined;

  constructor(
    /** Folder for the streams' records, or null to keep them in memory. */
    private readonly dir: string | null,
    private readonly region: string,
    private readonly account: string,
    private readonly now: () => number = Date.now,
    private readonly settings: StreamSettings = {},
  ) {
    if (settings.describesPerSecond) this.describes = perSecond(settings.describesPerSecond, now);
    if (dir) {
      mkdirSync(dir, { recursive: true });
      this.load(dir);
    }
  }

  private load(dir: string): void {
    const index = path.join(dir, "streams.json");
    if (!existsSync(index)) return;
    const infos = JSON.parse(readFileSync(index, "utf8")) as StreamInfo[];
    for (const info of infos) {
      const file = this.recordFile(info);
      const records = existsSync(file)
        ? readFileSync(file, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as StreamRecord)
        : [];
      for (const record of records) {
        const number = BigInt(record.dynamodb.SequenceNumber);
        if (number > this.lastSequence) this.lastSequence = number;
      }
      this.streams.set(info.arn, { info, records, file, trimmedThrough: 0n });
      this.trim(info.arn, true);
    }
  }

  private recordFile(info: StreamInfo): string {
    const safe = `${info.table}-${info.label}`.replace(/[^A-Za-z0-9_.-]/g, "_");
    return path.join(this.dir as string, `${safe}.jsonl`);
  }

  private saveIndex(): void {
    if (!this.dir) return;
    const infos = [...this.streams.values()].map((stream) => stream.info);
    writeFileSync(path.join(this.dir, "streams.json"), JSON.stringify(infos, null, 2));
  }

  /** Records older than 24 hours are gone, as on AWS. */
  private trim(arn: string, rewrite = false): void {
    const stream = this.streams.get(arn);
    if (!stream) return;
    const horizon = this.now() - RETENTION_MS;
    const first = stream.records.findIndex(
      (record) => record.dynamodb.ApproximateCreationDateTime * 1000 >= horizon,
    );
    const drop = first === -1 ? stream.records.length : first;
    if (drop === 0) return;
    const dropped = stream.records.splice(0, drop);
    stream.trimmedThrough = BigInt(dropped.at(-1)?.dynamodb.SequenceNumber ?? "0");
    if (stream.file && rewrite) {
      writeFileSync(
        stream.file,
        stream.records.map((record) => `${JSON.stringify(record)}\n`).join(""),
      );
    }
    if (stream.records.length === 0 && !stream.info.enabled) {
      this.streams.delete(arn);
      this.saveIndex();
    }
  }

  /** The table's enabled stream, if it has one. */
  current(table: string): StreamInfo | undefined {
    for (const stream of this.streams.values()) {
      if (stream.info.table === table && stream.info.enabled) return stream.info;
    }
    return undefined;
  }

  enable(table: string, viewType: StreamViewType, keySchema: KeySchemaElement[]): StreamInfo {
    const createdAt = this.now();
    const label = new Date(createdAt).toISOString().replace("Z", "");
    const shardIds = Array.from(
      { length: Math.max(1, this.settings.shards ?? 1) },
      () => `shardId-${String(createdAt).padStart(20, "0")}-${randomBytes(4).toString("hex")}`,
    );
    const lifetimeSeconds = Math.ceil((this.settings.shardLifetimeMs ?? 0) / 1000);
    const info: StreamInfo = {
      arn: `arn:aws:dynamodb:${this.region}:${this.account}:table/${table}/stream/${label}`,
      label,
      table,
      viewType,
      keySchema,
      shardId: shardIds[0] as string,
      shardIds,
      createdAt,
      enabled: true,
      ...(lifetimeSeconds > 0 ? { shardLifetimeMs: lifetimeSeconds * 1000 } : {}),
    };
    const stream: Stream = { info, records: [], file: null, trimmedThrough: 0n };
    if (this.dir) {
      stream.file = this.recordFile(info);
      writeFileSync(stream.file, "");
    }
    this.streams.set(info.arn, stream);
    this.saveIndex();
    return info;
  }

  /** Turns the table's stream off; with `forget` (the table was deleted) its records go too. */
  disable(table: string, forget = false): void {
    for (const [arn, stream] of this.streams) {
      if (stream.info.table !== table) continue;
      stream.info.enabled = false;
      if (forget) this.streams.delete(arn);
    }
    this.saveIndex();
  }

  /** Adds the change to its table's stream; an update that changed nothing writes no record. */
  record(change: Change): void {
    const info = this.current(change.table);
    if (!info) return;
    if (change.oldImage && change.newImage && sameItem(change.oldImage, change.newImage)) return;
    const stream = this.streams.get(info.arn) as Stream;
    const withNew = info.viewType === "NEW_IMAGE" || info.viewType === "NEW_AND_OLD_IMAGES";
    const withOld = info.viewType === "OLD_IMAGE" || info.viewType === "NEW_AND_OLD_IMAGES";
    const newImage = withNew ? change.newImage : undefined;
    const oldImage = withOld ? change.oldImage : undefined;
    this.lastSequence += 1n;
    const record: StreamRecord = {
      eventID: randomBytes(16).toString("hex"),
      eventName: !change.oldImage ? "INSERT" : !change.newImage ? "REMOVE" : "MODIFY",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: this.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(change.at / 1000),
        Keys: change.keys,
        ...(newImage ? { NewImage: newImage } : {}),
        ...(oldImage ? { OldImage: oldImage } : {}),
        SequenceNumber: sequence(this.lastSequence),
        SizeBytes:
          db.itemSize(change.keys) +
          (newImage ? db.itemSize(newImage) : 0) +
          (oldImage ? db.itemSize(oldImage) : 0),
        StreamViewType: info.viewType,
      },
      ...(change.byService
        ? { userIdentity: { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" } }
        : {}),
    };
    stream.records.push(record);
    if (stream.file) appendFileSync(stream.file, `${JSON.stringify(record)}\n`);
  }

  /** The stream part of a table's description. */
  describeFor(table: string): Body {
    const info = this.current(table);
    if (!info) return {};
    return {
      StreamSpecification: { StreamEnabled: true, StreamViewType: info.viewType },
      LatestStreamArn: info.arn,
      LatestStreamLabel: info.label,
    };
  }

  handle(operation: string, input: Body): Body {
    switch (operation) {
      case "ListStreams":
        return this.listStreams(input);
      case "DescribeStream":
        return this.describeStream(input);
      case "GetShardIterator":
        return this.getShardIterator(input);
      case "GetRecords":
        return this.getRecords(input);
      default:
        throw unknownOperation();
    }
  }

  private stream(arn: unknown): Stream {
    const stream = typeof arn === "string" ? this.streams.get(arn) : undefined;
    if (!stream) {
      throw failure(
        "ResourceNotFoundException",
        `Requested resource not found: Stream: ${String(arn)} not found`,
      );
    }
    this.trim(stream.info.arn);
    return stream;
  }

  private listStreams(input: Body): Body {
    const streams = [...this.streams.values()]
      .filter((stream) => !input.TableName || stream.info.table === input.TableName)
      .map(({ info }) => ({ StreamArn: info.arn, TableName: info.table, StreamLabel: info.label }));
    return { Streams: streams };
  }

  private describeStream(input: Body): Body {
    if (this.describes && !this.describes()) throw rateExceeded("DescribeStream");
    const stream = this.stream(input.StreamArn);
    const { info } = stream;
    // A page of at most `Limit` shards (100, AWS's most and default), after `ExclusiveStartShardId`.
    const limit = input.Limit === undefined ? 100 : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw validationError(
        `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"}`,
      );
    }
    const every = this.listedShards(stream);
    const after = every.findIndex((shard) => shard.ShardId === input.ExclusiveStartShardId) + 1;
    const page = every.slice(after, after + limit);
    const last = after + limit < every.length ? page.at(-1)?.ShardId : undefined;
    return {
      StreamDescription: {
        StreamArn: info.arn,
        StreamLabel: info.label,
        StreamStatus: info.enabled ? "ENABLED" : "DISABLED",
        StreamViewType: info.viewType,
        CreationRequestDateTime: info.createdAt / 1000,
        TableName: info.table,
        KeySchema: info.keySchema,
        Shards: page,
        ...(last ? { LastEvaluatedShardId: last } : {}),
      },
    };
  }

  /**
   * The shards `DescribeStream` lists: every place of each generation from the oldest record kept
   * to the one written now, each child naming its parent, a closed shard its last record.
   */
  private listedShards(stream: Stream): Body[] {
    const { info } = stream;
    const current = this.generationNow(info);
    const oldest = stream.records[0];
    const from = oldest ? this.shardOf(stream, oldest).generation : current;
    // Each shard's first and last record, in one pass over the stream's.
    const count = shardsOf(info).length;
    const bounds = new Map<number, { first: string; last: string }>();
    for (const record of stream.records) {
      const { generation, index } = this.shardOf(stream, record);
      const key = generation * count + index;
      const seen = bounds.get(key);
      const number = record.dynamodb.SequenceNumber;
      if (seen) seen.last = number;
      else bounds.set(key, { first: number, last: number });
    }
    const shards: Body[] = [];
    for (let generation = Math.min(from, current); generation <= current; generation++) {
      for (let index = 0; index < count; index++) {
        const place = { generation, index };
        const seen = bounds.get(generation * count + index);
        const first = seen?.first ?? sequence(this.lastSequence + 1n);
        const last = seen?.last;
        // Rolled over: closed for good. Turned off: closed, its last record named if it has one.
        const ending = generation < current ? (last ?? first) : !info.enabled ? last : undefined;
        shards.push({
          ShardId: shardIdAt(info, place),
          ...(generation > 0
            ? { ParentShardId: shardIdAt(info, { generation: generation - 1, index }) }
            : {}),
          SequenceNumberRange: {
            StartingSequenceNumber: first,
            ...(ending ? { EndingSequenceNumber: ending } : {}),
          },
        });
      }
    }
    return shards;
  }

  /** The generation of shards written now. */
  private generationNow(info: StreamInfo): number {
    return generationAt(info, this.now());
  }

  /** Where the shard with this id is, if the stream has it. */
  private place(info: StreamInfo, shardId: string): ShardPlace | undefined {
    const first = shardsOf(info).indexOf(shardId);
    if (first !== -1) return { generation: 0, index: first };
    const opened = /^shardId-(\d{20})-[0-9a-f]{8}$/.exec(shardId)?.[1];
    if (!opened || !info.shardLifetimeMs) return undefined;
    const generation = (Number(opened) - generationBase(info)) / info.shardLifetimeMs;
    if (!Number.isInteger(generation) || generation < 1 || generation > this.generationNow(info)) {
      return undefined;
    }
    for (let index = 0; index < shardsOf(info).length; index++) {
      if (shardIdAt(info, { generation, index }) === shardId) return { generation, index };
    }
    return undefined;
  }

  private iterator(value: Iterator): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
  }

  private getShardIterator(input: Body): Body {
    const stream = this.stream(input.StreamArn);
    const place = this.place(stream.info, String(input.ShardId));
    if (!place) {
      throw failure(
        "ResourceNotFoundException",
        `Requested resource not found: Shard does not exist`,
      );
    }
    const type = input.ShardIteratorType;
    const given = typeof input.SequenceNumber === "string" ? input.SequenceNumber : undefined;
    const oldest = stream.records.find((record) => samePlace(this.shardOf(stream, record), place));
    const first = BigInt(oldest?.dynamodb.SequenceNumber ?? this.lastSequence + 1n);

    let next: bigint;
    if (type === "TRIM_HORIZON") next = first;
    else if (type === "LATEST") next = this.lastSequence + 1n;
    else if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
      if (!given || !/^\d{1,40}$/.test(given)) {
        throw validationError(`Invalid SequenceNumber for ShardIteratorType: ${String(type)}`);
      }
      next = BigInt(given) + (type === "AFTER_SEQUENCE_NUMBER" ? 1n : 0n);
      if (next <= stream.trimmedThrough) throw trimmed();
    } else {
      throw validationError(
        `1 validation error detected: Value '${String(type)}' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]`,
      );
    }
    return {
      ShardIterator: this.iterator({
        arn: stream.info.arn,
        shardId: String(input.ShardId),
        next: next.toString(),
        issuedAt: this.now(),
      }),
    };
  }

  /**
   * The shard a record is in: its generation from when it was made, its place in the generation
   * from its item's partition key.
   */
  private shardOf(stream: Stream, record: StreamRecord): ShardPlace {
    let shard = recordShards.get(record);
    if (shard === undefined) {
      shard = {
        generation: generationAt(stream.info, record.dynamodb.ApproximateCreationDateTime * 1000),
        index: shardIndex(stream.info, record.dynamodb.Keys),
      };
      recordShards.set(record, shard);
    }
    return shard;
  }

  /** Whether the shard takes one more read now (a refused read takes nothing). */
  private mayRead(shardId: string): boolean {
    const rate = this.settings.shardReadsPerSecond;
    if (!rate) return true;
    let reads = this.shardReads.get(shardId);
    if (!reads) {
      reads = perSecond(rate, this.now);
      this.shardReads.set(shardId, reads);
    }
    return reads();
  }

  private getRecords(input: Body): Body {
    let position: Iterator;
    try {
      position = JSON.parse(
        Buffer.from(String(input.ShardIterator), "base64url").toString("utf8"),
      ) as Iterator;
      if (typeof position.next !== "string") throw new Error("no position");
    } catch {
      throw validationError("Invalid ShardIterator");
    }
    const limit = input.Limit === undefined ? 1000 : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw validationError(
        `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000"}`,
      );
    }
    const now = this.now();
    if (now - position.issuedAt > ITERATOR_LIFETIME_MS) {
      throw failure(
        "ExpiredIteratorException",
        `Iterator expired. The iterator was created at time ${new Date(position.issuedAt).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of 900000 milliseconds.`,
      );
    }
    const stream = this.stream(position.arn);
    if (!this.mayRead(position.shardId)) throw rateExceeded(`shard ${position.shardId}`);
    const from = BigInt(position.next);
    if (from <= stream.trimmedThrough) throw trimmed();
    const shard = this.place(stream.info, position.shardId);
    if (!shard) throw validationError("Invalid ShardIterator");
    // The shard's records from `from` on: the stream's, less the other shards'.
    const records: StreamRecord[] = [];
    let scanned = from;
    let more = false;
    for (let at = firstAtOrAfter(stream.records, from); at < stream.records.length; at++) {
      const record = stream.records[at] as StreamRecord;
      if (!samePlace(this.shardOf(stream, record), shard)) continue;
      if (records.length === limit) {
        more = true;
        break;
      }
      records.push(record);
      scanned = BigInt(record.dynamodb.SequenceNumber) + 1n;
    }
    // Past the other shards' records too, once nothing of this shard's is left to read.
    const newest = stream.records.at(-1);
    const after =
      records.length < limit && newest ? BigInt(newest.dynamodb.SequenceNumber) + 1n : scanned;
    const next = after > from ? after : from;
    // A closed shard (rolled over, or the stream turned off) gets no more records: once all it
    // has are read, there is no next iterator, and a reader goes on to its child.
    const closed = !stream.info.enabled || shard.generation < this.generationNow(stream.info);
    const exhausted = closed && !more;
    return {
      Records: records,
      ...(exhausted
        ? {}
        : {
            NextShardIterator: this.iterator({
              ...position,
              next: next.toString(),
              issuedAt: now,
            }),
          }),
    };
  }
}

/**
 * Where the first record at or after sequence number `from` is in a shard's records, which are in
 * ascending order: found by halving, since pollers ask four times a second of a stream that keeps a day.
 */
function firstAtOrAfter(records: readonly StreamRecord[], from: bigint): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (BigInt(records[middle]?.dynamodb.SequenceNumber ?? "0") < from) low = middle + 1;
    else high = middle;
  }
  return low;
}
