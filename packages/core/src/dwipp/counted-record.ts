// A record that a Dwipp counts (an upvote, a favorite): the record and the Dwipp's count change in
// one transaction, conditioned so that setting what is set, or unsetting what is not, changes
// nothing, and so that a deleted Dwipp gets neither (docs/decisions/0004).
import { transact } from "../dynamo";
import { NotFound } from "../error";
import { dwippKey } from "./item";

export type Counter = "upvotes" | "favorites";

interface Place {
  /** Where the record lives. */
  table: string;
  /** The table holding the Dwipp and its count. */
  dwippsTable: string;
  dwippId: string;
  counter: Counter;
}

const liveDwipp = "attribute_exists(pk) AND attribute_not_exists(deletedAt)";

/** Puts the record and adds one to the count, unless the record is already there. */
export async function setCounted(
  place: Place,
  record: Record<string, string> & { pk: string; sk: string },
): Promise<void> {
  const reasons = await transact({
    TransactItems: [
      {
        Put: {
          TableName: place.table,
          Item: record,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
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
  if (reasons?.[1]?.Code === "ConditionalCheckFailed") throw new NotFound();
}

/** Deletes the record and takes one from the count, unless there was no record. */
export async function unsetCounted(place: Place, key: { pk: string; sk: string }): Promise<void> {
  const reasons = await transact({
    TransactItems: [
      {
        Delete: {
          TableName: place.table,
          Key: key,
          ConditionExpression: "attribute_exists(pk)",
        },
      },
      {
        Update: {
          TableName: place.dwippsTable,
          Key: dwippKey(place.dwippId),
          UpdateExpression: "ADD #counter :minusOne",
          ConditionExpression: `${liveDwipp} AND #counter > :zero`,
          ExpressionAttributeNames: { "#counter": place.counter },
          ExpressionAttributeValues: { ":minusOne": -1, ":zero": 0 },
        },
      },
    ],
  });
  const hadRecord = reasons?.[0]?.Code !== "ConditionalCheckFailed";
  if (hadRecord && reasons?.[1]?.Code === "ConditionalCheckFailed") throw new NotFound();
}
