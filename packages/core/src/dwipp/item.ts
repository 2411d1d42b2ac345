// How a Dwipp is stored: its item (keys are in ../keys.ts), and the Dwipp the API returns from it.
import { randomInt } from "node:crypto";
import { type DWIPP_ITEM, dayPartition, feedPartition, hourPartition, rankOrder } from "../keys";
import type { Dwipp } from "./schema";

/**
 * The feed index is spread over this many partitions so that no single key takes every write
 * (docs/decisions/0002-feed-sharding.md). A page reads every shard; changing the number needs a
 * backfill of `gsi1pk`.
 */
export const FEED_SHARDS = 4;

/** How long a deleted Dwipp's tombstone keeps its id from being reused (docs/decisions/0004). */
export const TOMBSTONE_DAYS = 7;

export interface DwippItem {
  pk: string;
  sk: typeof DWIPP_ITEM;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  id: string;
  content?: string;
  authorId: string;
  authorName?: string;
  createdAt: string;
  editedAt?: string;
  /** How many times it was edited; each edit kept the text it replaced (a revision). */
  edits?: number;
  upvotes?: number;
  favorites?: number;
  /** True once the Dwipp is counted in its author's profile (every Dwipp posted since they are). */
  inProfileCount?: boolean;
  /** Set when the Dwipp was deleted: the item is then only a tombstone. */
  deletedAt?: string;
  expiresAt?: number;
}

export interface LiveDwippItem extends DwippItem {
  content: string;
  authorName: string;
  gsi1sk: string;
  gsi2sk: string;
}

/**
 * The feed shard a new Dwipp is written to, chosen by the server at random: a Dwipp's id may be
 * the client's choice, so a shard taken from it would let one client pile every write onto one
 * shard. Stored on the item, so a retried post keeps the shard its first write chose.
 */
export function feedShard(): string {
  return feedPartition(randomInt(FEED_SHARDS));
}

/**
 * Where a Dwipp stands in Top (docs/decisions/0016): its feed shard (for all time), its day's and
 * its hour's partitions, and its place by upvotes, ties newest first. The ranking writes them on
 * the Dwipp's rank item, never on the Dwipp's own.
 */
export function rankPlaces(item: {
  id: string;
  createdAt: string;
  upvotes?: number;
  gsi1pk?: string;
}) {
  return {
    ...(item.gsi1pk ? { gsi1pk: item.gsi1pk } : {}),
    gsi3pk: dayPartition(item.createdAt),
    gsi4pk: hourPartition(item.createdAt),
    rank: rankOrder(item.upvotes ?? 0, item.createdAt, item.id),
  };
}

export function isLive(item: DwippItem | undefined): item is LiveDwippItem {
  return item !== undefined && item.deletedAt === undefined && item.content !== undefined;
}

export interface ViewerFlags {
  upvotedByMe: boolean;
  favoritedByMe: boolean;
}

export function toDwipp(item: LiveDwippItem, flags: ViewerFlags): Dwipp {
  return {
    id: item.id,
    content: item.content,
    author: { id: item.authorId, name: item.authorName },
    createdAt: item.createdAt,
    editedAt: item.editedAt ?? null,
    upvotes: item.upvotes ?? 0,
    favorites: item.favorites ?? 0,
    upvotedByMe: flags.upvotedByMe,
    favoritedByMe: flags.favoritedByMe,
  };
}
