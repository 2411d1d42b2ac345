// Subscribed to the Dwipps table's stream, for what follows a change off the request path:
// - when a Dwipp becomes a tombstone, and again when the tombstone expires, its upvote and favorite
//   records are removed;
// - when a live Dwipp's upvotes change, its place in Top follows (`Dwipp.rerank`).
// Each record is handled on its own and safely more than once (delivery is at least once); a
// record that fails is reported, so Lambda retries from it and the rest of the batch is not lost.

import { BatchProcessor, EventType } from "@aws-lambda-powertools/batch";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Dwipp, Keys } from "@dwipper/core";
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from "aws-lambda";
import * as v from "valibot";
import { eachOf, type PartialBatch } from "./partial-batch";

type Image = Parameters<typeof unmarshall>[0];

/** The Dwipp whose records this change asks to remove: it was deleted, or its tombstone expired. */
export function deletedDwippId(record: DynamoDBRecord): string | undefined {
  const change = record.dynamodb;
  const before = change?.OldImage ? unmarshall(change.OldImage as Image) : undefined;
  if (record.eventName === "REMOVE") {
    return before && Keys.kindInDwippPartition(String(before.sk)) === "dwipp" && before.deletedAt
      ? String(before.id)
      : undefined;
  }
  if (record.eventName !== "MODIFY" || !change?.NewImage) return undefined;
  const now = unmarshall(change.NewImage as Image);
  return Keys.kindInDwippPartition(String(now.sk)) === "dwipp" &&
    now.deletedAt &&
    !before?.deletedAt
    ? String(now.id)
    : undefined;
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
      const id = deletedDwippId(record);
      if (id === undefined) return;
      // A tombstone that names no Dwipp is data no request could write: a person should look at it,
      // so it fails (and ends in the failure queue) rather than being passed over unseen.
      if (!v.is(Dwipp.DwippId, id)) throw new Error(`A tombstone names no Dwipp id: "${id}"`);
      await Dwipp.purgeRecords(id);
    },
    context,
  );
