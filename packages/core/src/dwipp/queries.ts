// What reads Dwipps: one by id, and the lists (the feed, a person's Dwipps, Top), a page at a time.
import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import { dynamo, tables } from "../dynamo";
import { newestEntries } from "../index-page";
import {
  authorPartition,
  dayPartition,
  dwippIdOf,
  dwippPartition,
  feedPartition,
  hourPartition,
  indexes,
  REVISIONS,
} from "../keys";
import { UserId } from "../profile/schema";
import { parse } from "../validate";
import { FEED_SHARDS, type LiveDwippItem } from "./item";
import { listPage } from "./listing";
import { readLive, shownTo } from "./read";
import {
  type Dwipp,
  DwippId,
  type FeedQuery,
  type History,
  type Page,
  type PageQuery,
  type Revision,
  type TopQuery,
} from "./schema";
import { newestAcrossShards } from "./shard-merge";

export async function get(actor: Actor, givenId: string): Promise<Dwipp> {
  const id = parse(DwippId, givenId, "id");
  return shownTo(actor, await readLive(id));
}

/**
 * Every earlier text of a live Dwipp, newest first (none when it was never edited). A deleted
 * Dwipp has no history: its revisions are removed with its other records.
 */
export async function history(givenId: string): Promise<History> {
  const id = parse(DwippId, givenId, "id");
  const [, result] = await Promise.all([
    readLive(id),
    dynamo.send(
      new QueryCommand({
        TableName: tables.dwipps,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :revisions)",
        ExpressionAttributeValues: { ":pk": dwippPartition(id), ":revisions": REVISIONS },
        ProjectionExpression: "content, #at",
        ExpressionAttributeNames: { "#at": "at" },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    ),
  ]);
  const items = (result.Items ?? []) as Revision[];
  return { items: items.map(({ content, at }) => ({ content, at })) };
}

/** Entries of the feed and author indexes: keys only (the Dwipp's id is in its `pk`). */
type FeedEntry = Pick<LiveDwippItem, "pk" | "gsi1sk">;
type AuthorEntry = Pick<LiveDwippItem, "pk" | "gsi2sk">;
type Position = QueryCommandOutput["LastEvaluatedKey"];

/**
 * The most entries of the feed's or Top's keys-only indexes one Query takes: a Query is charged
 * per 4 KB it reads, and such an entry holds at most 150 bytes (a Top hour's: the Dwipp's key, the
 * hour, the rank), so 27 cost what one does. A page of up to 26 Dwipps reads each shard or hour
 * once, however the newest or the best lie among them.
 */
export const ENTRIES_PER_READ_UNIT = 27;

/** The Dwipp an index entry names: every index of the table copies its key, and its `pk` holds the id. */
const idOfEntry = (entry: { pk: string }) => dwippIdOf(entry.pk) ?? "";

/**
 * Everyone's Dwipps, newest first; with `since`, only those posted after that time (an entry's
 * order `<createdAt>#<id>` sorts after the bare time when it is the same instant, so a Dwipp
 * posted in the very millisecond is included: the reader already showing it tells it apart by id).
 */
export function listFeed(actor: Actor, query: FeedQuery): Promise<Page<Dwipp>> {
  const { since } = query;
  return listPage<FeedEntry>(actor, query, {
    list: "feed",
    // Every shard is ordered by (createdAt, id); the newest of their union are the page. The cost
    // depends on the page size, never on the table's size.
    read: (before, count) =>
      newestAcrossShards<FeedEntry, Position>(
        FEED_SHARDS,
        count,
        (entry) => entry.gsi1sk,
        async (shard, start, chunk) => {
          const result = await dynamo.send(
            new QueryCommand({
              TableName: tables.dwipps,
              IndexName: indexes.dwipps.feed,
              KeyConditionExpression: before
                ? "gsi1pk = :shard AND gsi1sk < :before"
                : since
                  ? "gsi1pk = :shard AND gsi1sk > :since"
                  : "gsi1pk = :shard",
              ExpressionAttributeValues: {
                ":shard": feedPartition(shard),
                ...(before ? { ":before": before } : since ? { ":since": since } : {}),
              },
              ProjectionExpression: "pk, gsi1sk",
              ScanIndexForward: false,
              Limit: chunk,
              ExclusiveStartKey: start,
            }),
          );
          return { items: (result.Items ?? []) as FeedEntry[], next: result.LastEvaluatedKey };
        },
        ENTRIES_PER_READ_UNIT,
      ),
    position: (entry) => entry.gsi1sk,
    dwippId: idOfEntry,
  });
}

/** One person's Dwipps, newest first. */
export function listByAuthor(actor: Actor, givenAuthorId: string, query: PageQuery) {
  const authorId = parse(UserId, givenAuthorId, "id");
  return listPage<AuthorEntry>(actor, query, {
    list: `author:${authorId}`,
    read: (before, count) =>
      newestEntries<AuthorEntry>(
        {
          table: tables.dwipps,
          index: indexes.dwipps.byAuthor,
          partition: ["gsi2pk", authorPartition(authorId)],
          order: "gsi2sk",
          fields: "pk, gsi2sk",
        },
        before,
        count,
      ),
    position: (entry) => entry.gsi2sk,
    dwippId: idOfEntry,
  });
}

/** The caller's own Dwipps, newest first. */
export const listMine = (actor: Actor, query: PageQuery) => listByAuthor(actor, actor.id, query);

/** An entry of a Top index: keys only. */
interface RankEntry {
  pk: string;
  rank: string;
}

/** One partition of a Top index, and (for the window's oldest hour) the earliest time it takes. */
interface RankPartition {
  index: string;
  key: "gsi1pk" | "gsi3pk" | "gsi4pk";
  value: string;
  from?: string;
}

const HOUR_MS = 3_600_000;

/**
 * The partitions that together hold exactly the Dwipps of a window: for all time, the feed's
 * shards; for a day, the hours it spans; for a week, the days it spans whole and the hours of its
 * first, partial day. Only the window's first hour holds Dwipps from before it, and only those are
 * passed over, so a page never reads a whole window (docs/decisions/0016).
 */
export function rankPartitions(window: TopQuery["window"], now: Date): RankPartition[] {
  if (window === "all") {
    return Array.from({ length: FEED_SHARDS }, (_, shard) => ({
      index: indexes.dwipps.topAll,
      key: "gsi1pk" as const,
      value: feedPartition(shard),
    }));
  }
  const from = new Date(now.getTime() - (window === "week" ? 7 : 1) * 24 * HOUR_MS);
  const hours = (start: Date, end: Date) => {
    const found: RankPartition[] = [];
    for (let at = start.getTime(); at <= end.getTime(); at += HOUR_MS) {
      found.push({
        index: indexes.dwipps.topHour,
        key: "gsi4pk",
        value: hourPartition(new Date(at).toISOString()),
      });
    }
    // The first hour began before the window did.
    if (found[0]) found[0].from = from.toISOString();
    return found;
  };
  const startOfHour = new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS);
  if (window === "day") return hours(startOfHour, now);
  // The first day's hours from the window's start, then every day after it up to today.
  const lastHourOfFirstDay = new Date(`${from.toISOString().slice(0, 10)}T23:00:00.000Z`);
  const days: RankPartition[] = [];
  for (let at = lastHourOfFirstDay.getTime() + HOUR_MS; at <= now.getTime(); at += 24 * HOUR_MS) {
    days.push({
      index: indexes.dwipps.topDay,
      key: "gsi3pk",
      value: dayPartition(new Date(at).toISOString()),
    });
  }
  return [...hours(startOfHour, lastHourOfFirstDay), ...days];
}

/** The time in a Top index's sort key (`<upvotes>#<createdAt>#<id>`). */
const timeOfRank = (rank: string) => rank.split("#")[1] ?? "";

/**
 * Dwipps posted in the window, most upvoted first, ties newest first. Each partition is ordered
 * so; a page takes the best of their union, reading each only as deep as the page needs. The
 * order follows the upvotes a moment behind (the stream moves a Dwipp, `rerank`); the counts shown
 * are read afresh, so they are exact.
 */
export function listTop(actor: Actor, query: TopQuery, now = new Date()): Promise<Page<Dwipp>> {
  const window = query.window ?? "day";
  const partitions = rankPartitions(window, now);
  return listPage<RankEntry>(actor, query, {
    list: `top:${window}`,
    read: (before, count) =>
      newestAcrossShards<RankEntry, Position>(
        partitions.length,
        count,
        (entry) => entry.rank,
        async (which, start, chunk) => {
          const partition = partitions[which] as RankPartition;
          const result = await dynamo.send(
            new QueryCommand({
              TableName: tables.dwipps,
              IndexName: partition.index,
              KeyConditionExpression: before
                ? "#key = :value AND #rank < :before"
                : "#key = :value",
              ExpressionAttributeNames: { "#key": partition.key, "#rank": "rank" },
              ExpressionAttributeValues: {
                ":value": partition.value,
                ...(before ? { ":before": before } : {}),
              },
              ProjectionExpression: "pk, #rank",
              ScanIndexForward: false,
              Limit: chunk,
              ExclusiveStartKey: start,
            }),
          );
          const entries = (result.Items ?? []) as RankEntry[];
          const { from } = partition;
          return {
            items: from ? entries.filter((entry) => timeOfRank(entry.rank) >= from) : entries,
            next: result.LastEvaluatedKey,
          };
        },
        ENTRIES_PER_READ_UNIT,
      ),
    position: (entry) => entry.rank,
    dwippId: idOfEntry,
  });
}
