// Top's order follows the upvotes off the request path: an upvote changes the count in its own
// transaction, and the table's stream brings the change here, where the Dwipp's place in the Top
// indexes is rewritten from the count it now has (docs/decisions/0016). Delivery is at least once
// and may bring an older change after a newer one: a place is only written for the count the
// Dwipp still has, so repeating or reordering changes nothing.
import {
  ConditionalCheckFailedException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tables } from "../dynamo";
import { dwippKey } from "../keys";
import { type DwippItem, isLive, rankPlaces } from "./item";

export type Reranked = "moved" | "in place" | "not live" | "superseded";

/** Puts the Dwipp (as a stream image shows it) where its upvotes rank it, if it is not there. */
export async function rerank(item: DwippItem): Promise<Reranked> {
  if (!isLive(item)) return "not live";
  const places = rankPlaces(item);
  if (item.rank === places.rank && item.gsi3pk === places.gsi3pk && item.gsi4pk === places.gsi4pk) {
    return "in place";
  }
  const upvotes = item.upvotes ?? 0;
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tables.dwipps,
        Key: dwippKey(item.id),
        UpdateExpression: "SET gsi3pk = :day, gsi4pk = :hour, #rank = :rank",
        // Only for the count the image shows: a later change brings its own image.
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deletedAt) AND (upvotes = :upvotes${upvotes === 0 ? " OR attribute_not_exists(upvotes)" : ""})`,
        ExpressionAttributeNames: { "#rank": "rank" },
        ExpressionAttributeValues: {
          ":day": places.gsi3pk,
          ":hour": places.gsi4pk,
          ":rank": places.rank,
          ":upvotes": upvotes,
        },
      }),
    );
    return "moved";
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return "superseded";
    // A transaction (an upvote, a favorite) is changing the Dwipp right now: its own change will
    // come down the stream after this one, and places the Dwipp then.
    if (error instanceof TransactionConflictException) return "superseded";
    throw error;
  }
}
