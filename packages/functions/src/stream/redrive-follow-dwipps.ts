// Redrives the cleanup's failed stream records from its failure queue. When the cleanup gives up on
// records (its retries are used up), Lambda puts a description of them on the queue: shard and
// sequence numbers, not the records. This function, subscribed to that queue with its mapping off
// until an operator turns it on, reads those records back from the stream (which keeps them 24
// hours) and runs the cleanup on them again; a message whose records still fail stays on the queue.

import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { ResendsOnKeptConnections } from "@dwipper/core/kept-connections";
import type { Context, DynamoDBRecord, SQSEvent, SQSRecord } from "aws-lambda";
import { beginInvocation, describeFailure, logger, logRecordFailure } from "../observability";
import { followChange } from "./dwipp-changes";
import { toLambdaRecord } from "./lambda-record";

const streams = new DynamoDBStreamsClient({ requestHandler: new ResendsOnKeptConnections() });

interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

/** The records a failure message describes, read back from the stream. */
export async function recordsOf(info: BatchInfo): Promise<StreamRecord[]> {
  const end = BigInt(info.endSequenceNumber);
  const found: StreamRecord[] = [];
  let iterator = (
    await streams.send(
      new GetShardIteratorCommand({
        StreamArn: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: info.startSequenceNumber,
      }),
    )
  ).ShardIterator;
  // A shard can answer empty pages before its records: read on while it has more to give.
  for (let empty = 0; iterator && empty < 10; ) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    const records = page.Records ?? [];
    empty = records.length === 0 ? empty + 1 : 0;
    for (const record of records) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? "0") > end) return found;
      found.push(record);
    }
    if (BigInt(found.at(-1)?.dynamodb?.SequenceNumber ?? "0") >= end) return found;
    iterator = page.NextShardIterator;
  }
  return found;
}

/** Reads back the records one failure message describes and follows each again, in order. */
async function redrive(message: SQSRecord): Promise<void> {
  const failure = JSON.parse(message.body) as { DDBStreamBatchInfo?: BatchInfo };
  const info = failure.DDBStreamBatchInfo;
  if (!info) throw new Error("The message describes no stream records.");
  const records = await recordsOf(info);
  if (records.length === 0) throw new Error("The stream no longer holds these records.");
  const region = info.streamArn.split(":")[3] ?? "us-east-1";
  // Every record is tried, as the subscriber would; the message stays if any fails.
  let failed = 0;
  for (const record of records) {
    const change = toLambdaRecord(record, info.streamArn, region) as DynamoDBRecord;
    try {
      await followChange(change);
    } catch (error) {
      failed++;
      logRecordFailure(change, error);
    }
  }
  if (failed > 0) throw new Error(`${failed} record(s) failed again.`);
}

/**
 * Its queue hands it one message at a time (stacks/api.ts): a message that fails is thrown, and
 * Lambda leaves it on the queue, to be received again after its visibility timeout.
 */
export async function handler(event: SQSEvent, context?: Context): Promise<void> {
  beginInvocation(context);
  for (const message of event.Records) {
    try {
      await redrive(message);
    } catch (error) {
      logger.error("message failed", {
        messageId: message.messageId,
        error: describeFailure(error),
      });
      throw error;
    }
  }
}
