// What reads Dwipps: one by id, the feed and a person's own, a page at a time.
import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import { dynamo, tables } from "../dynamo";
import { newestEntries } from "../index-page";
import { authorPartition, feedPartition, indexes } from "../keys";
import { parse } from "../validate";
import { freshDwipps } from "./fresh-read";
import { FEED_SHARDS, type LiveDwippItem } from "./item";
import { readLive, shownTo } from "./read";
import { DEFAULT_PAGE_SIZE, type Dwipp, DwippId, type Page, type PageQuery } from "./schema";
import { newestAcrossShards } from "./shard-merge";

export async function get(actor: Actor, id: string): Promise<Dwipp> {
  parse(DwippId, id);
  return shownTo(actor, await readLive(id));
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
          IndexName: indexes.dwipps.feed,
          KeyConditionExpression: before
            ? "gsi1pk = :shard AND gsi1sk < :before"
            : "gsi1pk = :shard",
          ExpressionAttributeValues: {
            ":shard": feedPartition(shard),
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
      index: indexes.dwipps.byAuthor,
      partition: ["gsi2pk", authorPartition(actor.id)],
      order: "gsi2sk",
      fields: ENTRY_FIELDS,
    },
    before,
    limit,
  );
  const page = Cursor.pageOf(list, actor.id, found, limit, (item) => item.gsi2sk);
  return { ...page, items: await freshDwipps(actor.id, idsOf(page.items)) };
}
