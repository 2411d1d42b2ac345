// The Dwipp domain: posting and reading Dwipps. Knows DynamoDB, nothing of HTTP or Lambda.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import { dynamo, tables } from "../dynamo";
import { Conflict } from "../error";
import {
  type CreateInput,
  DEFAULT_PAGE_SIZE,
  type Dwipp,
  type Page,
  type PageQuery,
} from "./schema";

export * from "./content";
export * from "./schema";

/**
 * The feed index is spread over this many partitions so that no single key takes every write
 * (docs/decisions/0002-feed-sharding.md). A page reads each shard once; changing the number needs a
 * backfill of `gsi1pk`.
 */
export const FEED_SHARDS = 4;

interface DwippItem {
  pk: string;
  sk: "DWIPP";
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  id: string;
  content: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  editedAt?: string;
  upvotes: number;
  favorites: number;
}

const dwippKey = (id: string) => ({ pk: `DWIPP#${id}`, sk: "DWIPP" as const });

function feedShard(id: string): string {
  // ids are random UUIDs, so their first hex digit spreads writes evenly across shards.
  return `FEED#${Number.parseInt(id.slice(0, 1), 16) % FEED_SHARDS}`;
}

function toDwipp(item: DwippItem): Dwipp {
  return {
    id: item.id,
    content: item.content,
    author: { id: item.authorId, name: item.authorName },
    createdAt: item.createdAt,
    editedAt: item.editedAt ?? null,
    upvotes: item.upvotes,
    favorites: item.favorites,
    // Upvote and favorite records arrive with their own routes; until then nobody has any.
    upvotedByMe: false,
    favoritedByMe: false,
  };
}

export interface Created {
  dwipp: Dwipp;
  /** False when this request repeated an earlier one with the same id, which created nothing. */
  created: boolean;
}

/**
 * Posts a Dwipp. With a client-chosen id the call is safe to retry: the same author and content
 * get the existing Dwipp back; any other use of the id is a conflict.
 */
export async function create(actor: Actor, input: CreateInput): Promise<Created> {
  const id = input.id ?? randomUUID();
  const createdAt = new Date().toISOString();
  const order = `${createdAt}#${id}`;
  const item: DwippItem = {
    ...dwippKey(id),
    gsi1pk: feedShard(id),
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
    return { dwipp: toDwipp(item), created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const existing = error.Item ? (unmarshall(error.Item) as DwippItem) : undefined;
    if (existing && existing.authorId === actor.id && existing.content === input.content) {
      return { dwipp: toDwipp(existing), created: false };
    }
    throw new Conflict("That id already names a different Dwipp.");
  }
}

/** Everyone's Dwipps, newest first. */
export async function listFeed(actor: Actor, query: PageQuery): Promise<Page<Dwipp>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const list = "feed";
  const before = query.cursor ? Cursor.decode(list, actor.id, query.cursor) : undefined;
  // Every shard is ordered by (createdAt, id); the newest `limit + 1` of their union are the page
  // and the proof that more exist. The cost is FEED_SHARDS queries whatever the table's size.
  const shards = await Promise.all(
    Array.from({ length: FEED_SHARDS }, (_, shard) =>
      dynamo.send(
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
          ScanIndexForward: false,
          Limit: limit + 1,
        }),
      ),
    ),
  );
  const merged = shards
    .flatMap((result) => (result.Items ?? []) as DwippItem[])
    .sort((a, b) => (a.gsi1sk < b.gsi1sk ? 1 : a.gsi1sk > b.gsi1sk ? -1 : 0));
  const items = merged.slice(0, limit);
  const last = items.at(-1);
  const more = merged.length > limit && last !== undefined;
  return {
    items: items.map(toDwipp),
    nextCursor: more ? Cursor.encode(list, actor.id, last.gsi1sk) : null,
  };
}
