// Subscribed to the Dwipps table's stream for one thing: when someone sets an upvote or a favorite,
// a notice goes to the notices topic, from which the notifications subscriber tells the author
// (docs/decisions/0019, 0029). A subscriber of its own, apart from the cleanup and Top
// (follow-dwipps.ts), so that a topic that cannot be reached delays notices and nothing else, and
// only this function carries the SNS client. Its subscription retries a failed record for as long
// as the stream keeps it: a notice is late rather than lost.

import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as Keys from "@dwipper/core/keys";
import type * as Notification from "@dwipper/core/notification";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import type { Image } from "./dwipp-changes";
import { publish } from "./notices";
import { eachStreamRecord } from "./partial-batch";

/** An upvote or a favorite just set, which its Dwipp's author is to be told of. */
export function markSet(record: DynamoDBRecord): Notification.Notice | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image) return undefined;
  const item = unmarshall(image as Image);
  const kind = Keys.kindInDwippPartition(String(item.sk));
  const dwippId = Keys.dwippIdOf(String(item.pk));
  if ((kind !== "upvote" && kind !== "favorite") || !dwippId) return undefined;
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  const at =
    typeof item.at === "string"
      ? item.at
      : new Date(seconds ? seconds * 1000 : Date.now()).toISOString();
  return { kind, dwippId, actorId: String(item.userId), at };
}

export const handler = (
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> =>
  eachStreamRecord(
    event,
    async (record) => {
      const notice = markSet(record);
      if (notice) await publish(notice);
    },
    context,
  );
