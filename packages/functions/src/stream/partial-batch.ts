// A batch from the Dwipps stream, handled the way Powertools for AWS Lambda does it: each record on
// its own, one after another, and the failed ones reported by sequence number so Lambda retries
// from the first of them (`ReportBatchItemFailures`). A failed record is logged with its ids, never
// its contents.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { logger, logRecordFailure } from "../observability";

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** Runs `work` for each stream record, and names the records it failed for, as Lambda expects. */
export async function eachStreamRecord(
  event: DynamoDBStreamEvent,
  work: (record: DynamoDBRecord) => Promise<void>,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context) logger.addContext(context);
  return processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      try {
        await work(record);
      } catch (error) {
        logRecordFailure(record, error);
        throw error;
      }
    },
    processor,
    // A batch that fails whole is reported record by record like any other, not thrown.
    { throwOnFullBatchFailure: false, processInParallel: false, ...(context ? { context } : {}) },
  );
}
