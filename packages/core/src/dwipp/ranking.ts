// Top's order follows the upvotes off the request path (docs/decisions/0016): an upvote changes the
// count in its own transaction, and the table's stream brings the change here, where the Dwipp's
// rank item (beside the Dwipp in its partition, in the Top indexes) is written from the count the
// change shows. The Dwipp's own item is never written here, so the ranking never contends with the
// votes' transactions on a busy Dwipp. Delivery is at least once and a retried batch can bring an
// older change after a newer one: the rank item keeps the sequence number of the change it was
// written from, and only a later change replaces it.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tables } from "../dynamo";
import { rankKey } from "../keys";
import { type DwippItem, isLive, rankPlaces } from "./item";

export type Reranked = "placed" | "unchanged" | "not live" | "superseded";

export interface DwippChange {
  /** The Dwipp before the change; none when it was just posted. */
  before?: DwippItem;
  now: DwippItem;
  /** The stream record's sequence number: later changes of one item have larger ones. */
  sequence: string;
}

/** Writes the Dwipp's place in Top from a change of it, when the change can have moved it. */
export async function rerank(change: DwippChange): Promise<Reranked> {
  const { before, now } = change;
  if (!isLive(now)) return "not live";
  if (before && isLive(before) && (before.upvotes ?? 0) === (now.upvotes ?? 0)) return "unchanged";
  return placeInTop(now, change.sequence);
}

/**
 * Puts the rank item for `item` as of `sequence` (a stream sequence number; "0" places it before
 * any change), unless one written from a later change is there. Sequence numbers are decimal
 * strings longer than a JavaScript number holds; zero-padded, their text order is their order.
 */
export async function placeInTop(item: DwippItem, sequence: string): Promise<Reranked> {
  const order = sequence.padStart(40, "0");
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tables.dwipps,
        Item: { ...rankKey(item.id), id: item.id, ...rankPlaces(item), sequence: order },
        ConditionExpression: "attribute_not_exists(pk) OR #sequence < :sequence",
        ExpressionAttributeNames: { "#sequence": "sequence" },
        ExpressionAttributeValues: { ":sequence": order },
      }),
    );
    return "placed";
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return "superseded";
    throw error;
  }
}
