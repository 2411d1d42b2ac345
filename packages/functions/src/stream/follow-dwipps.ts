// Subscribed to the Dwipps table's stream, for what follows a change off the request path:
// - when a Dwipp becomes a tombstone, and again when the tombstone expires, its upvote and favorite
//   records are removed;
// - when a live Dwipp's upvotes change, its place in Top follows (`Dwipp.rerank`);
// - when someone sets an upvote or a favorite, a notice goes to the notices topic, from which the
//   notifications subscriber tells the author (docs/decisions/0019); a deleted Dwipp's
//   notifications go with its other records.
// Each record is handled on its own and safely more than once (delivery is at least once); a
// record that fails is reported, so Lambda retries from it and the rest of the batch is not lost.

import { BatchProcessor, EventType } from "@aws-lambda-powertools/batch";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as Dwipp from "@dwipper/core/dwipp";
import * as Keys from "@dwipper/core/keys";
import * as Notification from "@dwipper/core/notification";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import * as v from "valibot";
import { publish } from "./notices";
import { eachOf, type PartialBatch } from "./partial-batch";

type Image = Parameters<typeof unmarshall>[0];

/**
 * The Dwipp whose records this change asks to remove (it was deleted, or its tombstone expired),
 * and its author, whose notifications of it go too.
 */
export function deletedDwipp(record: DynamoDBRecord): { id: string; authorId: string } | undefined {
  const change = record.dynamodb;
  const before = change?.OldImage ? unmarshall(change.OldImage as Image) : undefined;
  const found = (image: Record<string, unknown>) => ({
    id: String(image.id),
    authorId: String(image.authorId),
  });
  if (record.eventName === "REMOVE") {
    return before && Keys.kindInDwippPartition(String(before.sk)) === "dwipp" && before.deletedAt
      ? found(before)
      : undefined;
  }
  if (record.eventName !== "MODIFY" || !change?.NewImage) return undefined;
  const now = unmarshall(change.NewImage as Image);
  return Keys.kindInDwippPartition(String(now.sk)) === "dwipp" &&
    now.deletedAt &&
    !before?.deletedAt
    ? found(now)
    : undefined;
}

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

/** A change of a Dwipp (its posting or a later change) that can move it in Top. */
export function dwippChange(record: DynamoDBRecord): Dwipp.DwippChange | undefined {
  const change = record.dynamodb;
  const image = change?.NewImage;
  if ((record.eventName !== "INSERT" && record.eventName !== "MODIFY") || !image) return undefined;
  const now = unmarshall(image as Image);
  if (Keys.kindInDwippPartition(String(now.sk)) !== "dwipp" || now.deletedAt) return undefined;
  return {
    now: now as Dwipp.Item,
    before: change.OldImage ? (unmarshall(change.OldImage as Image) as Dwipp.Item) : undefined,
    sequence: change.SequenceNumber ?? "0",
  };
}

const streamBatch: PartialBatch<DynamoDBRecord> = {
  processor: new BatchProcessor(EventType.DynamoDBStreams),
  idsOf: (record) => ({ eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber }),
};

/** Runs `work` for each stream record, and names the records it failed for, as Lambda expects. */
export const eachRecord = (
  event: DynamoDBStreamEvent,
  work: (record: DynamoDBRecord) => Promise<void>,
  context?: Context,
): Promise<DynamoDBBatchResponse> => eachOf(streamBatch, event, work, context);

export const handler = (
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> =>
  eachRecord(
    event,
    async (record) => {
      const changed = dwippChange(record);
      if (changed) {
        await Dwipp.rerank(changed);
        return;
      }
      const notice = markSet(record);
      if (notice) {
        await publish(notice);
        return;
      }
      const deleted = deletedDwipp(record);
      if (deleted === undefined) return;
      // A tombstone that names no Dwipp is data no request could write: a person should look at it,
      // so it fails (and ends in the failure queue) rather than being passed over unseen.
      if (!v.is(Dwipp.DwippId, deleted.id)) {
        throw new Error(`A tombstone names no Dwipp id: "${deleted.id}"`);
      }
      await Dwipp.purgeRecords(deleted.id);
      await Notification.forgetDwipp(deleted.id, deleted.authorId);
    },
    context,
  );
