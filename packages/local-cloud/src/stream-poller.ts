// Lambda's event source mapping for DynamoDB Streams, locally: reads the local engine's stream of a
// table shard by shard and invokes the subscribed handler with the same event Lambda would send.
// A batch whose handler fails is retried until it succeeds, in order, as Lambda does.
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { LambdaHandler } from "./handler-bundles";

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  handler: () => Promise<LambdaHandler>;
  /** Told about failed invocations (they are retried). */
  onError?: (error: unknown) => void;
  intervalMs?: number;
}

/** A stream record as Lambda delivers it (times in epoch seconds, plus the source ARN). */
function toLambdaRecord(record: StreamRecord, streamArn: string, region: string) {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? region,
    dynamodb: {
      ...change,
      ApproximateCreationDateTime:
        change.ApproximateCreationDateTime instanceof Date
          ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
          : change.ApproximateCreationDateTime,
    },
    eventSourceARN: streamArn,
    // TTL deletions name the service that made them, in Lambda's spelling.
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type,
            principalId: record.userIdentity.PrincipalId,
          },
        }
      : {}),
  };
}

export class StreamPoller {
  private readonly iterators = new Map<string, string | null>();
  /** The last sequence number delivered per shard, to resume after a lost iterator. */
  private readonly delivered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: StreamPollerOptions) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.poll()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 200);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: find new shards, then deliver what each open shard has. */
  private async poll(): Promise<void> {
    const { client, streamArn } = this.options;
    const description = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.iterators.has(shard.ShardId)) continue;
      // A shard is read from its start, or after what was delivered when its iterator was lost
      // (the engine restarted): the handler is idempotent, as Lambda's must be.
      const after = this.delivered.get(shard.ShardId);
      const iterator = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ...(after
            ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
            : { ShardIteratorType: "TRIM_HORIZON" }),
        }),
      );
      this.iterators.set(shard.ShardId, iterator.ShardIterator ?? null);
    }
    for (const [shardId, iterator] of this.iterators) {
      if (!iterator || this.stopped) continue;
      const batch = await client
        .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }))
        .catch((error: unknown) => {
          // The iterator may be gone with the server that issued it: get a new one next pass.
          this.iterators.delete(shardId);
          throw error;
        });
      const records = batch.Records ?? [];
      if (records.length > 0) {
        const handler = await this.options.handler();
        await handler(
          {
            Records: records.map((record) =>
              toLambdaRecord(record, streamArn, this.options.region),
            ),
          },
          { functionName: "stream-subscriber" },
        );
      }
      // Only after the handler succeeded: a failed batch is read again next time.
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) this.delivered.set(shardId, last);
      this.iterators.set(shardId, batch.NextShardIterator ?? null);
    }
  }
}
