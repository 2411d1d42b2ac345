// Lambda's event source mapping for DynamoDB Streams, locally: reads the local engine's stream of a
// table, its shards side by side as Lambda does (a slow or failing shard holds up only its own
// records; a shard that rolled over is read to its end before its child), and invokes the subscribed handler with the same event Lambda would send, under the
// subscription's own rules (packages/functions/src/routes.ts): only records that pass its filters,
// in batches of its size, in order per shard; a batch the function fails is split in two, one
// whose function names failed records is retried from the first of them, each at most the
// subscription's number of retries, and then described to the failure destination and passed over.
// Lambda delivers at least once: here a share of the batches the function took is delivered once
// more, at once (`duplicateRate`), so a subscriber that is not idempotent shows it. It reads each
// shard at Lambda's pace and describes the stream only to find its shards, as the engine, like
// DynamoDB Streams, throttles a shard's third reader and more than ten descriptions a second.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorInput,
  LimitExceededException,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import { LAMBDA_STREAM_POLLS_PER_SECOND } from "@dwipper/dynamodb-engine/aws-limits";
import type { StreamDelivery } from "@dwipper/functions/routes";
import { type LambdaRecord, toLambdaRecord } from "@dwipper/functions/stream/lambda-record";
import { DUPLICATE_RATE } from "./at-least-once";
import { type FilterPattern, passesFilters } from "./event-filter";
import type { LambdaHandler } from "./handler-bundles";

/** What Lambda sends an on-failure destination for records it gave up on (its own shape). */
export interface StreamFailure {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetryAttemptsExhausted";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: "1.0";
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  handler: () => Promise<LambdaHandler>;
  /** The function's name, as the failure message names it. */
  functionName?: string;
  filters?: readonly FilterPattern[];
  delivery: StreamDelivery;
  /** Where batches that used up their retries are described (Lambda's on-failure destination). */
  onFailure?: (failure: StreamFailure) => Promise<void>;
  /** The pause before retry `n` (from 1); Lambda backs off, the default here is short. */
  retryPauseMs?: (retry: number) => number;
  /** Told about failed invocations (they are retried). */
  onError?: (error: unknown) => void;
  /**
   * The share of batches the function took that are delivered to it once more, as Lambda may
   * (at least once); DUPLICATE_RATE unless set, as the local topic's. A test of the other rules
   * that counts deliveries sets 0.
   */
  duplicateRate?: number;
  /** The pause between passes: Lambda's, a quarter of a second, unless a test needs less. */
  intervalMs?: number;
  /**
   * Where the position reached in each shard is kept, so that a poller started again (a restarted
   * `npm run dev`) goes on after the last batch delivered, as an event source mapping keeps its
   * place across deploys. Without it a poller starts at the oldest record the stream keeps.
   */
  positionFile?: string;
}

/** Every shard of a stream, page after page (`DescribeStream` lists at most 100 at a time). */
export async function streamShards(
  client: Pick<DynamoDBStreamsClient, "send">,
  streamArn: string,
): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({
        StreamArn: streamArn,
        ...(start ? { ExclusiveStartShardId: start } : {}),
      }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
}

/** How often a poller looks for new shards while it has iterators for those it knows. */
export const SHARD_DISCOVERY_MS = 10_000;

/** What a position file holds: the stream it belongs to, and the last sequence number per shard. */
interface Positions {
  streamArn: string;
  shards: Record<string, string>;
}

/** How one invocation went: every record handled, the function failed, or it named records. */
type Outcome = { ok: true } | { ok: false; failedFrom?: number };

export class StreamPoller {
  /** Each shard being read, by a loop of its own; a shard leaves when its loop ends. */
  private readonly reading = new Map<string, Promise<void>>();
  /** Shards read to their end (closed): there is nothing more in them to read. */
  private readonly finished = new Set<string>();
  /** The last sequence number delivered per shard, to resume after a lost iterator. */
  private readonly delivered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private discovering: Promise<void> | undefined;
  /** Ends the pauses between a shard's reads at once when the poller stops. */
  private readonly pauses = new Set<() => void>();
  /** The last write of the position file: the shards' loops keep their positions in turn. */
  private keeping: Promise<void> = Promise.resolve();
  private stopped = false;
  /** When the stream was last described; -Infinity: it must be before the next read. */
  private describedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: StreamPollerOptions) {}

  start(): void {
    // Where an earlier poller of this stream got to, read once before the first pass.
    const ready = this.readPositions();
    const tick = () => {
      if (this.stopped) return;
      this.discovering = ready
        .then(() => {
          if (Date.now() - this.describedAt >= SHARD_DISCOVERY_MS) return this.discover();
        })
        .catch((error: unknown) => {
          if (!this.stopped) this.options.onError?.(error);
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.interval());
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const end of this.pauses) end();
    await this.discovering;
    await Promise.all(this.reading.values());
  }

  /** The pause between two reads of a shard: Lambda's, unless a test needs less. */
  private interval(): number {
    return this.options.intervalMs ?? 1000 / LAMBDA_STREAM_POLLS_PER_SECOND;
  }

  /** The positions a poller of this stream reached before, if it kept them. */
  private async readPositions(): Promise<void> {
    const { positionFile, streamArn } = this.options;
    if (!positionFile) return;
    await mkdir(path.dirname(positionFile), { recursive: true });
    const kept = await readFile(positionFile, "utf8").then(
      (text) => JSON.parse(text) as Positions,
      () => undefined,
    );
    // Another stream's (the table was made again): nothing of it applies.
    if (kept?.streamArn !== streamArn) return;
    for (const [shardId, sequence] of Object.entries(kept.shards)) {
      this.delivered.set(shardId, sequence);
    }
  }

  /**
   * Keeps the positions reached, whole or not at all (written aside, then renamed), one write at
   * a time.
   */
  private keepPositions(): Promise<void> {
    const { positionFile, streamArn } = this.options;
    if (!positionFile) return Promise.resolve();
    const write = async () => {
      const positions: Positions = { streamArn, shards: Object.fromEntries(this.delivered) };
      const aside = `${positionFile}.${process.pid}.tmp`;
      await writeFile(aside, JSON.stringify(positions));
      await rename(aside, positionFile);
    };
    const written = this.keeping.then(write);
    this.keeping = written.catch(() => undefined);
    return written;
  }

  /**
   * Starts reading each shard that is neither read nor finished, from where it is to go on; a
   * child only once its parent is finished (or gone from the stream), as Lambda keeps an item's
   * records in order across a shard's rolling over.
   */
  private async discover(): Promise<void> {
    const { client, streamArn } = this.options;
    const shards = await streamShards(client, streamArn);
    this.describedAt = Date.now();
    const listed = new Set(shards.map((shard) => shard.ShardId));
    // A shard the stream no longer lists has had its records age out: its place is of no more use
    // (the position file would otherwise keep every shard the stream has rolled over to).
    for (const shardId of [...this.delivered.keys(), ...this.finished]) {
      if (listed.has(shardId) || this.reading.has(shardId)) continue;
      this.delivered.delete(shardId);
      this.finished.delete(shardId);
    }
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || this.reading.has(shardId) || this.finished.has(shardId)) continue;
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !this.finished.has(parent)) continue;
      // A shard is read from its start, or after what was delivered when its iterator was lost
      // (the engine restarted): the handler is idempotent, as Lambda's must be.
      const after = this.delivered.get(shardId);
      const from = (
        position: Pick<GetShardIteratorInput, "ShardIteratorType" | "SequenceNumber">,
      ) =>
        client.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...position }),
        );
      const oldest = () => from({ ShardIteratorType: "TRIM_HORIZON" });
      // A kept position the stream no longer holds (trimmed after 24 hours) starts at the oldest.
      const iterator = after
        ? await from({ ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }).catch(
            (error: unknown) => {
              if ((error as Error).name === "TrimmedDataAccessException") return oldest();
              throw error;
            },
          )
        : await oldest();
      if (this.stopped) return;
      const read = this.readShard(shardId, iterator.ShardIterator).finally(() =>
        this.reading.delete(shardId),
      );
      this.reading.set(shardId, read);
    }
  }

  /**
   * Reads one shard at Lambda's pace until it ends or the poller stops, delivering what it holds.
   * A read or a delivery that fails ends the loop: its failure is reported and the shard is found
   * again with the next description, from after the last record delivered.
   */
  private async readShard(shardId: string, first: string | undefined): Promise<void> {
    let iterator = first;
    try {
      while (iterator && !this.stopped) {
        iterator = await this.readOnce(shardId, iterator);
        if (iterator) await this.pause(this.interval());
      }
      if (!this.stopped) {
        this.finished.add(shardId);
        // Its child, if it rolled over, is read next: describe before the next pass.
        this.describedAt = Number.NEGATIVE_INFINITY;
      }
    } catch (error) {
      // The iterator may be gone with the server that issued it: describe before the next read.
      this.describedAt = Number.NEGATIVE_INFINITY;
      // A read cut short by a stop is no failure: its batch is read again by the next poller.
      if (!this.stopped) this.options.onError?.(error);
    }
  }

  /** Reads and delivers what the shard has past `iterator`; answers where to read next. */
  private async readOnce(shardId: string, iterator: string): Promise<string | undefined> {
    const { client, streamArn } = this.options;
    const batch = await client
      .send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.delivery.batchSize }),
      )
      .catch((error: unknown) => {
        // Throttled (the SDK has tried again already): the iterator holds, the next pass reads.
        if (error instanceof LimitExceededException) return undefined;
        throw error;
      });
    if (!batch) return iterator;
    const records = (batch.Records ?? [])
      .map((record) => toLambdaRecord(record, streamArn, this.options.region))
      .filter((record) => passesFilters(this.options.filters ?? [], record));
    if (records.length > 0) await this.deliver(shardId, records);
    // Only once delivered or given up on: a batch interrupted by a stop is read again.
    const last = batch.Records?.at(-1)?.dynamodb?.SequenceNumber;
    if (last) {
      this.delivered.set(shardId, last);
      await this.keepPositions();
    }
    return batch.NextShardIterator;
  }

  /** Waits `ms`, or less if the poller stops meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.pauses.add(end);
    });
  }

  /** Delivers one shard's records in order, under the subscription's retry rules. */
  private async deliver(shardId: string, records: LambdaRecord[]): Promise<void> {
    const { delivery } = this.options;
    // Batches still to deliver, in order, each with how many times it has been retried.
    const pending: { batch: LambdaRecord[]; retries: number; again?: boolean }[] = [
      { batch: records, retries: 0 },
    ];
    while (pending.length > 0) {
      if (this.stopped) throw new Error("The poller stopped while delivering.");
      const { batch, retries, again } = pending.shift() as (typeof pending)[number];
      const outcome = await this.invoke(batch);
      if (outcome.ok) {
        if (!again && Math.random() < (this.options.duplicateRate ?? DUPLICATE_RATE)) {
          pending.unshift({ batch, retries: 0, again: true });
        }
        continue;
      }
      // The records before the first one the function named are done.
      const left = outcome.failedFrom === undefined ? batch : batch.slice(outcome.failedFrom);
      const tries = retries + 1;
      // -1: tried for as long as the stream keeps the record, as Lambda does.
      if (delivery.maximumRetryAttempts >= 0 && tries > delivery.maximumRetryAttempts) {
        await this.giveUp(shardId, left, tries);
        continue;
      }
      // A function that failed as a whole has its batch split, to find the record that breaks it;
      // each half carries the retries so far (never more tries than AWS would make).
      const half = Math.ceil(left.length / 2);
      const split =
        outcome.failedFrom === undefined && delivery.bisectBatchOnFunctionError && left.length > 1;
      await this.pause(this.retryPause(tries));
      pending.unshift(
        ...(split ? [left.slice(0, half), left.slice(half)] : [left]).map((part) => ({
          batch: part,
          retries: tries,
        })),
      );
    }
  }

  private retryPause(retry: number): number {
    return this.options.retryPauseMs?.(retry) ?? Math.min(2_000, 50 * 2 ** retry);
  }

  private async invoke(batch: LambdaRecord[]): Promise<Outcome> {
    try {
      const handler = await this.options.handler();
      const response = (await handler(
        { Records: batch },
        { functionName: this.options.functionName ?? "stream-subscriber" },
      )) as { batchItemFailures?: { itemIdentifier?: unknown }[] } | undefined;
      const failures = response?.batchItemFailures ?? [];
      if (!this.options.delivery.reportBatchItemFailures || failures.length === 0) {
        return { ok: true };
      }
      // As Lambda: retry from the earliest record named; a name that is no record of the batch
      // fails the whole batch.
      const positions = failures.map((failure) =>
        batch.findIndex((record) => record.dynamodb.SequenceNumber === failure.itemIdentifier),
      );
      if (positions.some((position) => position < 0)) return { ok: false, failedFrom: 0 };
      return { ok: false, failedFrom: Math.min(...positions) };
    } catch (error) {
      this.options.onError?.(error);
      return { ok: false };
    }
  }

  private async giveUp(shardId: string, batch: LambdaRecord[], retries: number): Promise<void> {
    const first = batch[0]?.dynamodb;
    const last = batch.at(-1)?.dynamodb;
    const arrival = (seconds: unknown) =>
      new Date(Number(seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    await this.options.onFailure?.({
      requestContext: {
        requestId: randomUUID(),
        functionArn: `arn:aws:lambda:${this.options.region}:000000000000:function:${this.options.functionName ?? "stream-subscriber"}`,
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: retries,
      },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: String(first?.SequenceNumber),
        endSequenceNumber: String(last?.SequenceNumber),
        approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
        batchSize: batch.length,
        streamArn: this.options.streamArn,
      },
    });
  }
}
