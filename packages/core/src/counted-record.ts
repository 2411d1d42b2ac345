// A record that a Dwipp counts (an upvote, a favorite): the record and the Dwipp's count change in
// one transaction, conditioned so that setting what is set, or unsetting what is not, changes
// nothing, and so that a deleted Dwipp gets neither (docs/decisions/0004). A record kept outside the
// Dwipp's partition has a marker inside it, written and removed in the same transaction, so the
// Dwipp's cleanup finds every record with a strongly consistent read of one partition instead of
// an index that may not show the newest records yet.
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, transact, writeBesideTransactions } from "./dynamo";
import { NotFound } from "./error";
import { dwippKey } from "./keys";

export type Counter = "upvotes" | "favorites";

type Key = { pk: string; sk: string };
type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

interface Place {
  /** Where the record lives. */
  table: string;
  /** The table holding the Dwipp, its count and the markers. */
  dwippsTable: string;
  dwippId: string;
  counter: Counter;
  /** The marker's key, for a record that lives outside the Dwipp's partition. */
  marker?: Key;
}

const liveDwipp = "attribute_exists(pk) AND attribute_not_exists(deletedAt)";

/**
 * Puts the record and adds one to the count, unless the record is already there. A marker carries
 * who set it and when (`at`), which is what the Dwipps stream's notice tells.
 */
export async function setCounted(
  place: Place,
  record: Record<string, string> & { pk: string; sk: string },
  at: string,
): Promise<void> {
  const markerItem = { ...place.marker, userId: record.userId, at };
  const marker: TransactItem[] = place.marker
    ? [{ Put: { TableName: place.dwippsTable, Item: markerItem } }]
    : [];
  const reasons = await transact({
    TransactItems: [
      {
        Put: {
          TableName: place.table,
          Item: record,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...marker,
      {
        Update: {
          TableName: place.dwippsTable,
          Key: dwippKey(place.dwippId),
          UpdateExpression: "ADD #counter :one",
          ConditionExpression: liveDwipp,
          ExpressionAttributeNames: { "#counter": place.counter },
          ExpressionAttributeValues: { ":one": 1 },
        },
      },
    ],
  });
  if (reasons?.at(-1)?.Code === "ConditionalCheckFailed") throw new NotFound();
}

/** Deletes the record and takes one from the count, unless there was no record. */
export async function unsetCounted(place: Place, key: Key): Promise<void> {
  const marker: TransactItem[] = place.marker
    ? [{ Delete: { TableName: place.dwippsTable, Key: place.marker } }]
    : [];
  const reasons = await transact({
    TransactItems: [
      {
        Delete: {
          TableName: place.table,
          Key: key,
          ConditionExpression: "attribute_exists(pk)",
        },
      },
      ...marker,
      {
        Update: {
          TableName: place.dwippsTable,
          Key: dwippKey(place.dwippId),
          UpdateExpression: "ADD #counter :minusOne",
          ConditionExpression: `${liveDwipp} AND #counter > :zero`,
          ExpressionAttributeNames: { "#counter": place.counter },
          ExpressionAttributeValues: { ":minusOne": -1, ":zero": 0 },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
    ],
  });
  const hadRecord = reasons?.[0]?.Code !== "ConditionalCheckFailed";
  const dwipp = reasons?.at(-1);
  if (hadRecord && dwipp?.Code === "ConditionalCheckFailed") {
    // The Dwipp is gone but the record outlived it (its cleanup has not reached it yet): there is
    // no count left to change, and the record goes now.
    if (!dwipp.Item || dwipp.Item.deletedAt) {
      // The person's own set or unset may be writing the record in a transaction meanwhile.
      const { marker } = place;
      await writeBesideTransactions(() =>
        dynamo.send(new DeleteCommand({ TableName: place.table, Key: key })),
      );
      if (marker) {
        await writeBesideTransactions(() =>
          dynamo.send(new DeleteCommand({ TableName: place.dwippsTable, Key: marker })),
        );
      }
    }
    throw new NotFound();
  }
}
