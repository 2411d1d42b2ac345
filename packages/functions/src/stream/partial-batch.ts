// A batch from the Dwipps stream, handled the way Powertools for AWS Lambda does it: each record on
// its own, one after another, and the failed ones reported by sequence number so Lambda retries
// from the first of them (`ReportBatchItemFailures`). A failed record is logged with its ids, never
// its contents. The batch's retries end before its invocation does, and a record not begun by then
// is reported for later, so a slow batch is taken up where it stopped rather than stopped whole at
// its timeout and delivered again from its first record.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { retryBudgetLeft } from "@dwipper/core/retry-budget";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { withinInvocation } from "../invocation-budget";
import { beginInvocation, logger, logRecordFailure } from "../observability";

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** A record the invocation had no time left to begin: reported, so Lambda delivers it again. */
export class NoTimeLeftError extends Error {
  override name = "NoTimeLeftError";
  constructor() {
    super("the invocation's retry budget was spent before this record began");
  }
}

/** Runs `work` for each stream record, and names the records it failed for, as Lambda expects. */
export async function eachStreamRecord(
  event: DynamoDBStreamEvent,
  work: (record: DynamoDBRecord) => Promise<void>,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  beginInvocation(context);
  let notBegun = 0;
  const response = await withinInvocation(context, () =>
    processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        if (retryBudgetLeft() <= 0) {
          notBegun++;
          throw new NoTimeLeftError();
        }
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
    ),
  );
  // One line for them all: they did not fail, they are late.
  if (notBegun > 0) logger.warn("records left for the next delivery", { notBegun });
  return response;
}
