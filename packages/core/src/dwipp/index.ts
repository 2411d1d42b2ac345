// The Dwipp domain: posting, reading, editing, deleting and upvoting Dwipps. Knows DynamoDB,
// nothing of HTTP or Lambda.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import { batchDelete, dynamo, tables } from "../dynamo";
import { Conflict, Forbidden, NotFound } from "../error";
import { newestEntries } from "../index-page";
import { setCounted, unsetCounted } from "./counted-record";
import { freshDwipps, withFlags } from "./fresh-read";
import {
  type DwippItem,
  dwippKey,
  FEED_SHARDS,
  favoriteKey,
  feedShard,
  isLive,
  type LiveDwippItem,
  TOMBSTONE_DAYS,
  toDwipp,
  upvoteKey,
} from "./item";
import {
  type CreateInput,
  DEFAULT_PAGE_SIZE,
  type Dwipp,
  type EditInput,
  type Page,
  type PageQuery,
  type UpvoteState,
} from "./schema";
import { newestAcrossShards } from "./shard-merge";

export * from "./content";
export { freshDwipps } from "./fresh-read";
export { FEED_SHARDS, type LiveDwippItem as LiveItem } from "./item";
export * from "./schema";

/** A Dwipp just read or written, as the caller sees it: with their flags. */
async function presentOne(actor: Actor, item: LiveDwippItem): Promise<Dwipp> {
  const [dwipp] = await withFlags(actor.id, [item]);
  if (!dwipp) throw new NotFound();
  return dwipp;
}

/** The live item, read consistently, or NotFound. */
async function readLive(id: string): Promise<LiveDwippItem> {
  const result = await dynamo.send(
    new GetCommand({ TableName: tables.dwipps, Key: dwippKey(id), ConsistentRead: true }),
  );
  const item = result.Item as DwippItem | undefined;
  if (!isLive(item)) throw new NotFound();
  return item;
}

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
  const id = input.id ?? randomUUID();
  const createdAt = now.toISOString();
  const order = `${createdAt}#${id}`;
  const item: LiveDwippItem = {
    ...dwippKey(id),
    gsi1pk: feedShard(),
    gsi1sk: order,
    gsi2pk: `AUTHOR#${actor.id}`,
    gsi2sk: order,
    id,
    content: input.content,
    authorId: actor.id,
    authorName: actor.name,
    createdAt,
    upvotes: 0,
    favorites: 0,
  };
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tables.dwipps,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { dwipp: toDwipp(item, { upvotedByMe: false, favoritedByMe: false }), created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = error.Item ? (unmarshall(error.Item) as DwippItem) : undefined;
    if (isLive(existing) && existing.authorId === actor.id && existing.content === input.content) {
      return { dwipp: await presentOne(actor, existing), created: false };
    }
    throw new Conflict("That id already names a different Dwipp.");
  }
}

export async function get(actor: Actor, id: string): Promise<Dwipp> {
  return presentOne(actor, await readLive(id));
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

export async function edit(actor: Actor, id: string, input: EditInput): Promise<Dwipp> {
  try {
    const result = await dynamo.send(
      new UpdateCommand({
        TableName: tables.dwipps,
        Key: dwippKey(id),
        UpdateExpression: "SET content = :content, editedAt = :now",
        ConditionExpression: ownLiveDwipp,
        ExpressionAttributeValues: {
          ":content": input.content,
          ":now": new Date().toISOString(),
          ":actor": actor.id,
        },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return presentOne(actor, result.Attributes as LiveDwippItem);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw refusal(error.Item, actor);
    throw error;
  }
}

/**
 * Deletes a Dwipp at once: its item becomes a tombstone that leaves every index, keeps no text,
 * and holds its id for a while so a late retry of its creation cannot bring it back. Its upvotes
 * and favorites are removed off the request path (see `purgeRecords`).
 */
export async function remove(actor: Actor, id: string): Promise<void> {
  const deletedAt = new Date();
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tables.dwipps,
        Key: dwippKey(id),
        UpdateExpression:
          "SET deletedAt = :now, expiresAt = :expires REMOVE content, authorName, editedAt, upvotes, favorites, gsi1pk, gsi1sk, gsi2pk, gsi2sk",
        ConditionExpression: ownLiveDwipp,
        ExpressionAttributeValues: {
          ":now": deletedAt.toISOString(),
          ":expires": Math.floor(deletedAt.getTime() / 1000) + TOMBSTONE_DAYS * 24 * 3600,
          ":actor": actor.id,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw refusal(error.Item, actor);
    throw error;
  }
}

/** A live Dwipp's counts, read consistently, or NotFound. */
export async function readCounts(id: string): Promise<{ upvotes: number; favorites: number }> {
  const item = await readLive(id);
  return { upvotes: item.upvotes ?? 0, favorites: item.favorites ?? 0 };
}

const upvotePlace = (id: string) => ({
  table: tables.dwipps,
  dwippsTable: tables.dwipps,
  dwippId: id,
  counter: "upvotes" as const,
});

/** Sets the caller's upvote; repeating it changes nothing. */
export async function upvote(actor: Actor, id: string): Promise<UpvoteState> {
  await setCounted(upvotePlace(id), {
    ...upvoteKey(id, actor.id),
    userId: actor.id,
    at: new Date().toISOString(),
  });
  return { upvotes: (await readCounts(id)).upvotes, upvotedByMe: true };
}

/** Unsets the caller's upvote; when there was none, nothing changes. */
export async function removeUpvote(actor: Actor, id: string): Promise<UpvoteState> {
  await unsetCounted(upvotePlace(id), upvoteKey(id, actor.id));
  return { upvotes: (await readCounts(id)).upvotes, upvotedByMe: false };
}

function pageLimit(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/**
 * What a list needs of an index entry: which Dwipp, and where it stands. Everything shown is read
 * afresh from the table (`freshDwipps`), because the index may still hold a deleted or edited item.
 * Pages are cut by what the index holds, so a page can be short when a Dwipp was deleted moments
 * ago; its cursor still continues after everything it read.
 */
type IndexEntry = Pick<LiveDwippItem, "id" | "gsi1sk" | "gsi2sk">;
const ENTRY_FIELDS = "id, gsi1sk, gsi2sk";
const idsOf = (entries: { id: string }[]) => entries.map((entry) => entry.id);

/** Everyone's Dwipps, newest first. */
export async function listFeed(actor: Actor, query: PageQuery): Promise<Page<Dwipp>> {
  const limit = pageLimit(query);
  const list = "feed";
  const before = query.cursor ? Cursor.decode(list, actor.id, query.cursor) : undefined;
  // Every shard is ordered by (createdAt, id); the newest `limit + 1` of their union are the page
  // and the proof that more exist. The cost depends on the page size, never on the table's size.
  const merged = await newestAcrossShards<IndexEntry, QueryCommandOutput["LastEvaluatedKey"]>(
    FEED_SHARDS,
    limit + 1,
    (item) => item.gsi1sk,
    async (shard, start, chunk) => {
      const result = await dynamo.send(
        new QueryCommand({
          TableName: tables.dwipps,
          IndexName: "feed",
          KeyConditionExpression: before
            ? "gsi1pk = :shard AND gsi1sk < :before"
            : "gsi1pk = :shard",
          ExpressionAttributeValues: {
            ":shard": `FEED#${shard}`,
            ...(before ? { ":before": before } : {}),
          },
          ProjectionExpression: ENTRY_FIELDS,
          ScanIndexForward: false,
          Limit: chunk,
          ExclusiveStartKey: start,
        }),
      );
      return { items: (result.Items ?? []) as IndexEntry[], next: result.LastEvaluatedKey };
    },
  );
  const page = Cursor.pageOf(list, actor.id, merged, limit, (item) => item.gsi1sk);
  return { ...page, items: await freshDwipps(actor.id, idsOf(page.items)) };
}

/** The caller's own Dwipps, newest first. */
export async function listMine(actor: Actor, query: PageQuery): Promise<Page<Dwipp>> {
  const limit = pageLimit(query);
  const list = "mine";
  const before = query.cursor ? Cursor.decode(list, actor.id, query.cursor) : undefined;
  const found = await newestEntries<IndexEntry>(
    {
      table: tables.dwipps,
      index: "byAuthor",
      partition: ["gsi2pk", `AUTHOR#${actor.id}`],
      order: "gsi2sk",
      fields: ENTRY_FIELDS,
    },
    before,
    limit,
  );
  const page = Cursor.pageOf(list, actor.id, found, limit, (item) => item.gsi2sk);
  return { ...page, items: await freshDwipps(actor.id, idsOf(page.items)) };
}

/**
 * Removes what belonged to a deleted Dwipp: its upvote records and everyone's favorite records of
 * it. Safe to run again; run by the Dwipps table's stream subscriber. The Dwipp's partition, read
 * strongly consistent, names every upvote and favorite (a favorite by its marker); the Favorites
 * index is read as well for favorites kept before markers existed.
 */
export async function purgeRecords(id: string): Promise<{ upvotes: number; favorites: number }> {
  let upvotes = 0;
  const favoriteOwners = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await dynamo.send(
      new QueryCommand({
        TableName: tables.dwipps,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `DWIPP#${id}` },
        ProjectionExpression: "pk, sk, userId",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    const records = (page.Items ?? []) as { pk: string; sk: string; userId?: string }[];
    const belonging = records.filter((record) => record.sk !== "DWIPP");
    const owners = belonging.flatMap((record) =>
      record.sk.startsWith("FAVORITE#") && record.userId ? [record.userId] : [],
    );
    for (const owner of owners) favoriteOwners.add(owner);
    await batchDelete(
      tables.favorites,
      owners.map((owner) => favoriteKey(owner, id)),
    );
    await batchDelete(
      tables.dwipps,
      belonging.map(({ pk, sk }) => ({ pk, sk })),
    );
    upvotes += belonging.filter((record) => record.sk.startsWith("UPVOTE#")).length;
    start = page.LastEvaluatedKey;
  } while (start);
  do {
    const page: QueryCommandOutput = await dynamo.send(
      new QueryCommand({
        TableName: tables.favorites,
        IndexName: "byDwipp",
        KeyConditionExpression: "gsi2pk = :dwipp",
        ExpressionAttributeValues: { ":dwipp": `DWIPP#${id}` },
        ProjectionExpression: "pk, sk, userId",
        ExclusiveStartKey: start,
      }),
    );
    const records = (page.Items ?? []) as { pk: string; sk: string; userId: string }[];
    const unmarked = records.filter((record) => !favoriteOwners.has(record.userId));
    for (const record of unmarked) favoriteOwners.add(record.userId);
    await batchDelete(
      tables.favorites,
      unmarked.map(({ pk, sk }) => ({ pk, sk })),
    );
    start = page.LastEvaluatedKey;
  } while (start);
  return { upvotes, favorites: favoriteOwners.size };
}
