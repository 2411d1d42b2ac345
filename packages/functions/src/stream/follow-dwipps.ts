// Subscribed to the Dwipps table's stream, for what follows a change off the request path: a
// deleted Dwipp's records removed, a Dwipp's place in Top kept (dwipp-changes.ts). Each record is
// handled on its own; a record that fails is reported, so Lambda retries from it and the rest of
// the batch is not lost.

import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { followChange } from "./dwipp-changes";
import { eachStreamRecord } from "./partial-batch";

export const handler = (
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> => eachStreamRecord(event, followChange, context);
