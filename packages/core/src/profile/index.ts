// Profiles: every confirmed account has one, made when the account is confirmed (or by the
// backfill), with an exact count of the person's live Dwipps that the post or deletion of a Dwipp
// changes in its own transaction (see `countDwipps`).
import { GetCommand, type TransactWriteCommandInput, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tables, writeBesideTransactions } from "../dynamo";
import { NotFound } from "../error";
import { profileKey } from "../keys";
import { nameProblem } from "../person-name";
import { parse } from "../validate";
import { type Profile, UserId } from "./schema";

export * from "./schema";

interface ProfileItem {
  pk: string;
  sk: string;
  id: string;
  name?: string;
  joinedAt?: string;
  dwipps?: number;
}

/**
 * Makes the person's profile, or brings its name up to date (to one the name rule takes): safe to
 * repeat (Cognito may invoke its trigger more than once, and the backfill may run again). The
 * first `joinedAt` stays, and a count the person's posts already made is kept.
 */
export async function ensure(person: { id: string; name: string }, joinedAt: Date): Promise<void> {
  const id = parse(UserId, person.id, "id");
  // A post or a deletion may be changing the count in a transaction meanwhile.
  await writeBesideTransactions(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: tables.dwipps,
        Key: profileKey(id),
        // A name changed since sign-up past the name rule (ADR 0053) does not replace the one
        // there; an account with no profile yet takes what it has.
        UpdateExpression: `SET id = :id, #name = ${nameProblem(person.name) ? "if_not_exists(#name, :name)" : ":name"}, joinedAt = if_not_exists(joinedAt, :joined), dwipps = if_not_exists(dwipps, :zero)`,
        ExpressionAttributeNames: { "#name": "name" },
        ExpressionAttributeValues: {
          ":id": id,
          ":name": person.name,
          ":joined": joinedAt.toISOString(),
          ":zero": 0,
        },
      }),
    ),
  );
}

/** A person's profile, read consistently (its count is exact), or NotFound. */
export async function get(givenId: string): Promise<Profile> {
  const id = parse(UserId, givenId, "id");
  const result = await dynamo.send(
    new GetCommand({ TableName: tables.dwipps, Key: profileKey(id), ConsistentRead: true }),
  );
  const item = result.Item as ProfileItem | undefined;
  // A count written before the profile was made is not a profile yet.
  if (!item?.name || !item.joinedAt) throw new NotFound("No such person.");
  return { id: item.id, name: item.name, joinedAt: item.joinedAt, dwipps: item.dwipps ?? 0 };
}

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * The part of a transaction that adds `change` (1 or -1) to the person's count of live Dwipps. It
 * has no condition: a post by someone whose profile is not made yet counts all the same, and the
 * profile keeps that count when it is made.
 */
export function countDwipps(userId: string, change: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tables.dwipps,
      Key: profileKey(userId),
      UpdateExpression: "ADD dwipps :change",
      ExpressionAttributeValues: { ":change": change },
    },
  };
}
