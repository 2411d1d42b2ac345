// Batches from a stream or a queue, handled the way Powertools for AWS Lambda does it: each record
// on its own, one after another, and the failed ones reported by id so Lambda retries only those
// (`ReportBatchItemFailures`). A failed record is logged with its ids, never its contents.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { describeFailure, logger } from "../observability";

export interface PartialBatch<R> {
  processor: BatchProcessor;
  /** What the log may say of a record: ids only. */
  idsOf: (record: R) => Record<string, string | undefined>;
}

/** Runs `work` for each record, and names the records it failed for, as Lambda expects. */
export async function eachOf<R>(
  batch: PartialBatch<R>,
  event: { Records: R[] },
  work: (record: R) => Promise<void>,
  context?: Context,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  if (context) logger.addContext(context);
  return processPartialResponse(
    event as { Records: never[] },
    async (record: R) => {
      try {
        await work(record);
      } catch (error) {
        logger.error("record failed", { ...batch.idsOf(record), error: describeFailure(error) });
        throw error;
      }
    },
    batch.processor,
    // A batch that fails whole is reported record by record like any other, not thrown.
    { throwOnFullBatchFailure: false, processInParallel: false, ...(context ? { context } : {}) },
  );
}

const streamBatch: PartialBatch<DynamoDBRecord> = {
  processor: new BatchProcessor(EventType.DynamoDBStreams),
  idsOf: (record) => ({ eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber }),
};

/** Runs `work` for each stream record, and names the records it failed for, as Lambda expects. */
export const eachStreamRecord = (
  event: DynamoDBStreamEvent,
  work: (record: DynamoDBRecord) => Promise<void>,
  context?: Context,
): Promise<DynamoDBBatchResponse> => eachOf(streamBatch, event, work, context);
