// What follows one change of the Dwipps table off the request path, record by record, for the
// stream's subscriber and for its redrive alike:
// - when a Dwipp becomes a tombstone, and again when the tombstone expires, its upvote and favorite
//   records are removed, and its notifications go from its author's inbox;
// - when a live Dwipp's upvotes change, its place in Top follows (`Dwipp.rerank`).
// Each record is safe to handle more than once (delivery is at least once). Telling an author of
// an upvote or a favorite is not here: its own subscriber publishes it (publish-notices.ts).

import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as Dwipp from "@dwipper/core/dwipp";
import * as Keys from "@dwipper/core/keys";
import * as Notification from "@dwipper/core/notification";
import type { DynamoDBRecord } from "aws-lambda";
import * as v from "valibot";

export type Image = Parameters<typeof unmarshall>[0];

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

/** Does what one record asks; throws when it could not, so the record is tried again. */
export async function followChange(record: DynamoDBRecord): Promise<void> {
  const changed = dwippChange(record);
  if (changed) {
    await Dwipp.rerank(changed);
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
}
