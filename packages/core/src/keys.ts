// Every key and index name Dwipper stores, built and read in this one module: the tables' layout
// (table-definitions.ts) is spelled out here and nowhere else.

/** The global secondary indexes, by table. */
export const indexes = {
  dwipps: {
    feed: "feed",
    byAuthor: "byAuthor",
    /** Top of all time, one partition per feed shard. */
    topAll: "topAll",
    /** Top of one UTC day's Dwipps, and of one hour's: Top's windows are built from them. */
    topDay: "topDay",
    topHour: "topHour",
  },
  favorites: { byUser: "byUser", byDwipp: "byDwipp" },
  notifications: { byActedAt: "byActedAt" },
} as const;

const DWIPP = "DWIPP#";
const UPVOTE = "UPVOTE#";
const FAVORITE = "FAVORITE#";
const USER = "USER#";
const AUTHOR = "AUTHOR#";
const FEED = "FEED#";
const PERSON = "PERSON#";
const MINUTE = "MINUTE#";
const PROFILE = "PROFILE#";
const DAY = "DAY#";
const HOUR = "HOUR#";
const REVISION = "REVISION#";
const INBOX = "INBOX#";
const NOTE = "NOTE#";

/** The sort key of a Dwipp's own item in its partition. */
export const DWIPP_ITEM = "DWIPP" as const;

/** The sort key of a Dwipp's place in Top, an item of its own beside the Dwipp's. */
export const RANK_ITEM = "RANK" as const;

/** A Dwipp's partition: its item, its place in Top, its upvotes and its favorites' markers. */
export const dwippPartition = (id: string) => `${DWIPP}${id}`;
export const dwippKey = (id: string) => ({ pk: dwippPartition(id), sk: DWIPP_ITEM });
export const rankKey = (id: string) => ({ pk: dwippPartition(id), sk: RANK_ITEM });
export const upvoteKey = (dwippId: string, userId: string) => ({
  pk: dwippPartition(dwippId),
  sk: `${UPVOTE}${userId}`,
});
/** In the Dwipp's own partition, beside its upvotes: that `userId` keeps a favorite of it. */
export const favoriteMarkerKey = (dwippId: string, userId: string) => ({
  pk: dwippPartition(dwippId),
  sk: `${FAVORITE}${userId}`,
});

/**
 * A text the Dwipp had before its `edit`-th edit, in its partition: sorted by the edit's number
 * (zero-padded), so the partition reads its revisions newest first backwards.
 */
export const revisionKey = (dwippId: string, edit: number) => ({
  pk: dwippPartition(dwippId),
  sk: `${REVISION}${String(edit).padStart(4, "0")}`,
});
/** The sort key prefix that every revision of a Dwipp starts with. */
export const REVISIONS = REVISION;

/** A person's favorites: one record per Dwipp in the Favorites table. */
export const favoritesPartition = (userId: string) => `${USER}${userId}`;
export const favoriteKey = (userId: string, dwippId: string) => ({
  pk: favoritesPartition(userId),
  sk: `${DWIPP}${dwippId}`,
});

/** The `feed` index's partition for a shard number. */
export const feedPartition = (shard: number) => `${FEED}${shard}`;
/** The `byAuthor` index's partition. */
export const authorPartition = (userId: string) => `${AUTHOR}${userId}`;
/** An index's sort key: time first, so a partition reads newest first; the id breaks ties. */
export const indexOrder = (at: string, id: string) => `${at}#${id}`;

/** The sort key of a person's profile item, alone in its partition of the Dwipps table. */
export const PROFILE_ITEM = "PROFILE" as const;
export const profileKey = (userId: string) => ({ pk: `${PROFILE}${userId}`, sk: PROFILE_ITEM });

/** The `topDay` index's partition: the Dwipps posted on the UTC day of `at` (an ISO time). */
export const dayPartition = (at: string) => `${DAY}${at.slice(0, 10)}`;
/** The `topHour` index's partition: the Dwipps posted in the UTC hour of `at`. */
export const hourPartition = (at: string) => `${HOUR}${at.slice(0, 13)}`;
/**
 * The Top indexes' sort key: upvotes first (zero-padded, so text order is number order), then the
 * time, so ties read newest first, then the id, so no two Dwipps share a place.
 */
export const rankOrder = (upvotes: number, at: string, id: string) =>
  `${String(upvotes).padStart(10, "0")}#${at}#${id}`;

/** What a person has been told of: their notifications, and how far they have read them. */
export const inboxPartition = (userId: string) => `${INBOX}${userId}`;
/** The sort key prefix of every notification about one Dwipp, in its author's inbox. */
export const notificationsOf = (dwippId: string) => `${NOTE}${dwippId}#`;
/** One notification per (Dwipp, kind, person who acted), however often they act. */
export const notificationKey = (
  recipientId: string,
  dwippId: string,
  kind: string,
  actorId: string,
) => ({ pk: inboxPartition(recipientId), sk: `${notificationsOf(dwippId)}${kind}#${actorId}` });
/** The sort key of an inbox's state: how far it is read, and how many arrived since. */
export const INBOX_STATE = "STATE" as const;
export const inboxStateKey = (userId: string) => ({ pk: inboxPartition(userId), sk: INBOX_STATE });

/** A person's budget counters for one minute. */
export const budgetKey = (userId: string, window: number) => ({
  pk: `${PERSON}${userId}`,
  sk: `${MINUTE}${window}`,
});

/** The Dwipp id in a `DWIPP#<id>` key (a Dwipp's partition, a favorite's sort key), if it is one. */
export function dwippIdOf(key: string | undefined): string | undefined {
  return key?.startsWith(DWIPP) ? key.slice(DWIPP.length) : undefined;
}

/** What an item in a Dwipp's partition is, by its sort key. */
export function kindInDwippPartition(
  sk: string,
): "dwipp" | "rank" | "upvote" | "favorite" | "revision" | undefined {
  if (sk === DWIPP_ITEM) return "dwipp";
  if (sk === RANK_ITEM) return "rank";
  if (sk.startsWith(UPVOTE)) return "upvote";
  if (sk.startsWith(FAVORITE)) return "favorite";
  if (sk.startsWith(REVISION)) return "revision";
  return undefined;
}
