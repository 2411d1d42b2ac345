// What changes a Dwipp: posting, editing, deleting, and setting or unsetting an upvote.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Actor } from "../actor";
import { setCounted, unsetCounted } from "../counted-record";
import { dynamo, tables, transact, writeBesideTransactions } from "../dynamo";
import { Conflict, Forbidden, Invalid, NotFound } from "../error";
import { authorPartition, dwippKey, indexOrder, revisionKey, upvoteKey } from "../keys";
import { nameProblem } from "../person-name";
import { countDwipps } from "../profile";
import { parse } from "../validate";
import {
  type DwippItem,
  feedShard,
  isLive,
  type LiveDwippItem,
  TOMBSTONE_DAYS,
  toDwipp,
} from "./item";
import { readCounts, readLive, shownTo } from "./read";
import { CreateInput, type Dwipp, DwippId, EditInput, type UpvoteState } from "./schema";

export interface Created {
  dwipp: Dwipp;
  /** False when this request repeated an earlier one with the same id, which created nothing. */
  created: boolean;
}

/**
 * Posts a Dwipp. With a client-chosen id the call is safe to retry: the same author and content
 * get the existing Dwipp back; any other use of the id (a deleted Dwipp's included) is a conflict.
 */
export async function create(
  actor: Actor,
  input: CreateInput,
  /** When it was posted; only tools that import history (the seed) pass another time. */
  now: Date = new Date(),
): Promise<Created> {
  const { content, id: givenId } = parse(CreateInput, input);
  // A Dwipp carries its author's name as the token says it. The pool held it to the name rule at
  // sign-up; one changed since with Cognito's UpdateUserAttributes was not, and is refused here
  // rather than shown to everyone (ADR 0053).
  const nameRefusal = nameProblem(actor.name);
  if (nameRefusal) {
    throw new Invalid(`The name on your account cannot be shown on a Dwipp: ${nameRefusal}`);
  }
  const id = givenId ?? randomUUID();
  const createdAt = now.toISOString();
  const order = indexOrder(createdAt, id);
  const item: LiveDwippItem = {
    ...dwippKey(id),
    gsi1pk: feedShard(),
    gsi1sk: order,
    gsi2pk: authorPartition(actor.id),
    gsi2sk: order,
    id,
    content,
    authorId: actor.id,
    authorName: actor.name,
    createdAt,
    upvotes: 0,
    favorites: 0,
    inProfileCount: true,
  };
  // The Dwipp and its author's count are written together, or neither is.
  const reasons = await transact({
    TransactItems: [
      {
        Put: {
          TableName: tables.dwipps,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      countDwipps(actor.id, 1),
    ],
  });
  if (!reasons) {
    return { dwipp: toDwipp(item, { upvotedByMe: false, favoritedByMe: false }), created: true };
  }
  const old = reasons[0]?.Item;
  const existing = old ? (unmarshall(old) as DwippItem) : undefined;
  if (isLive(existing) && existing.authorId === actor.id && existing.content === content) {
    return { dwipp: await shownTo(actor, existing), created: false };
  }
  throw new Conflict("That id already names a different Dwipp.");
}

/** Tells apart "not there" (404) from "not yours" (403) after an owner-only write was refused. */
function refusal(oldItem: Record<string, unknown> | undefined, actor: Actor): Error {
  const item = oldItem ? (unmarshall(oldItem as never) as DwippItem) : undefined;
  if (!isLive(item)) return new NotFound();
  if (item.authorId !== actor.id) return new Forbidden();
  return new NotFound();
}

const ownLiveDwipp =
  "attribute_exists(pk) AND attribute_not_exists(deletedAt) AND authorId = :actor";

/** How many times a Dwipp can be edited; the next edit is refused (409). */
export const MAX_EDITS = 10;

/** Tries of an edit that lost a race with another edit of the same Dwipp before it gives up. */
const EDIT_TRIES = 5;

/**
 * The author changes the text. The text it replaces is kept as a revision, in the same
 * transaction as the change, so no edit loses what people read and upvoted; after `MAX_EDITS`
 * edits the Dwipp stays as it is. Sending the text it already has changes nothing.
 */
export async function edit(actor: Actor, givenId: string, input: EditInput): Promise<Dwipp> {
  const id = parse(DwippId, givenId, "id");
  const { content } = parse(EditInput, input);
  for (let attempt = 0; attempt < EDIT_TRIES; attempt++) {
    const current = await readLive(id);
    if (current.authorId !== actor.id) throw new Forbidden();
    if (current.content === content) return shownTo(actor, current);
    const edits = current.edits ?? 0;
    if (edits >= MAX_EDITS) {
      throw new Conflict(`A Dwipp can be edited at most ${MAX_EDITS} times.`);
    }
    const editedAt = new Date().toISOString();
    // The edit applies to the version just read, or (another edit came first) not at all.
    const reasons = await transact({
      TransactItems: [
        {
          Update: {
            TableName: tables.dwipps,
            Key: dwippKey(id),
            UpdateExpression: "SET content = :content, editedAt = :now, edits = :edits",
            ConditionExpression: `${ownLiveDwipp} AND ${edits === 0 ? "attribute_not_exists(edits)" : "edits = :was"}`,
            ExpressionAttributeValues: {
              ":content": content,
              ":now": editedAt,
              ":edits": edits + 1,
              ":actor": actor.id,
              ...(edits === 0 ? {} : { ":was": edits }),
            },
          },
        },
        {
          Put: {
            TableName: tables.dwipps,
            Item: { ...revisionKey(id, edits + 1), content: current.content, at: editedAt },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
    });
    if (!reasons) return shownTo(actor, { ...current, content, editedAt, edits: edits + 1 });
  }
  throw new Conflict("The Dwipp kept changing while it was being edited; try again.");
}

/**
 * Deletes a Dwipp at once: its item becomes a tombstone that leaves every index, keeps no text,
 * and holds its id for a while so a late retry of its creation cannot bring it back; its author's
 * count drops in the same transaction. Its upvotes and favorites are removed off the request path
 * (see `purgeRecords`).
 */
export async function remove(actor: Actor, givenId: string): Promise<void> {
  const id = parse(DwippId, givenId, "id");
  const deletedAt = new Date();
  const tombstone = (counted: boolean) => ({
    TableName: tables.dwipps,
    Key: dwippKey(id),
    UpdateExpression:
      "SET deletedAt = :now, expiresAt = :expires REMOVE content, authorName, editedAt, edits, upvotes, favorites, inProfileCount, gsi1pk, gsi1sk, gsi2pk, gsi2sk",
    ConditionExpression: `${ownLiveDwipp} AND ${counted ? "inProfileCount = :yes" : "attribute_not_exists(inProfileCount)"}`,
    ExpressionAttributeValues: {
      ":now": deletedAt.toISOString(),
      ":expires": Math.floor(deletedAt.getTime() / 1000) + TOMBSTONE_DAYS * 24 * 3600,
      ":actor": actor.id,
      ...(counted ? { ":yes": true } : {}),
    },
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  });
  const reasons = await transact({
    TransactItems: [{ Update: tombstone(true) }, countDwipps(actor.id, -1)],
  });
  if (!reasons) return;
  const old = reasons[0]?.Item ? (unmarshall(reasons[0].Item) as LiveDwippItem) : undefined;
  if (!isLive(old) || old.authorId !== actor.id || old.inProfileCount) {
    throw refusal(reasons[0]?.Item, actor);
  }
  // Posted before profiles counted Dwipps and not reached by the backfill yet: it was never in
  // the count, so the count stays.
  try {
    // Votes may be changing the Dwipp's counts in transactions meanwhile.
    await writeBesideTransactions(() => dynamo.send(new UpdateCommand(tombstone(false))));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The SDK sent it again after its answer was lost: the tombstone there is this deletion's.
    if (error.Item?.deletedAt?.S === deletedAt.toISOString()) return;
    throw refusal(error.Item, actor);
  }
}

const upvotePlace = (id: string) => ({
  table: tables.dwipps,
  dwippsTable: tables.dwipps,
  dwippId: id,
  counter: "upvotes" as const,
});

/** Sets the caller's upvote; repeating it changes nothing. */
export async function setUpvote(actor: Actor, givenId: string): Promise<UpvoteState> {
  const id = parse(DwippId, givenId, "id");
  const at = new Date().toISOString();
  await setCounted(upvotePlace(id), { ...upvoteKey(id, actor.id), userId: actor.id, at }, at);
  return { upvotes: (await readCounts(id)).upvotes, upvotedByMe: true };
}

/** Unsets the caller's upvote; when there was none, nothing changes. */
export async function unsetUpvote(actor: Actor, givenId: string): Promise<UpvoteState> {
  const id = parse(DwippId, givenId, "id");
  await unsetCounted(upvotePlace(id), upvoteKey(id, actor.id));
  return { upvotes: (await readCounts(id)).upvotes, upvotedByMe: false };
}
