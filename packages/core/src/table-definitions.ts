// The shape of Dwipper's DynamoDB tables, written once. `stacks/storage.ts` hands it to SST and the local
// cloud turns it into CreateTable calls, so AWS and the local engine cannot disagree on a key.
import { indexes } from "./keys";

export type FieldType = "string" | "number" | "binary";

export interface IndexDefinition {
  hashKey: string;
  rangeKey?: string;
  /** What the index copies of each item: everything (the default), or only the keys. */
  projection?: "keys-only";
}

export interface TableDefinition {
  fields: Record<string, FieldType>;
  primaryIndex: IndexDefinition;
  globalIndexes: Record<string, IndexDefinition>;
  stream?: "keys-only" | "new-image" | "old-image" | "new-and-old-images";
  /** An attribute holding an epoch-seconds time after which DynamoDB deletes the item. */
  ttl?: string;
}

// Both tables overload generic key names, so one table can serve several access patterns.
const overloadedKeys = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
} as const;

/**
 * Dwipps and the upvotes that belong to them.
 * The keys are built in keys.ts.
 * - Dwipp: pk `DWIPP#<id>`, sk `DWIPP`; upvote: pk `DWIPP#<id>`, sk `UPVOTE#<userId>`.
 * - `feed`: gsi1pk `FEED#<shard>`, gsi1sk `<createdAt>#<id>` (see docs/decisions/0002).
 * - `byAuthor`: gsi2pk `AUTHOR#<userId>`, gsi2sk `<createdAt>#<id>`.
 * - Both keys only (docs/decisions/0028): a list reads only order and ids from them, so a vote or
 *   an edit, which changes no key, writes neither.
 * - A Dwipp's place in Top (docs/decisions/0016): pk `DWIPP#<id>`, sk `RANK`, whose `rank`
 *   `<upvotes>#<createdAt>#<id>` orders `topAll` (by feed shard, gsi1pk), `topDay` (gsi3pk
 *   `DAY#<date>`) and `topHour` (gsi4pk `HOUR#<date>T<hour>`); keys only.
 * - Profile: pk `PROFILE#<userId>`, sk `PROFILE`, in no index.
 * - A text a Dwipp had before an edit (docs/decisions/0018): pk `DWIPP#<id>`, sk
 *   `REVISION#<edit number>`, in no index.
 * The stream carries deletions to the cleanup subscriber and changed upvotes to the ranking; a
 * deleted Dwipp's tombstone expires.
 */
export const dwippsTable = {
  fields: { ...overloadedKeys.fields, gsi3pk: "string", gsi4pk: "string", rank: "string" },
  primaryIndex: overloadedKeys.primaryIndex,
  globalIndexes: {
    [indexes.dwipps.feed]: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "keys-only" },
    [indexes.dwipps.byAuthor]: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projection: "keys-only" },
    [indexes.dwipps.topAll]: { hashKey: "gsi1pk", rangeKey: "rank", projection: "keys-only" },
    [indexes.dwipps.topDay]: { hashKey: "gsi3pk", rangeKey: "rank", projection: "keys-only" },
    [indexes.dwipps.topHour]: { hashKey: "gsi4pk", rangeKey: "rank", projection: "keys-only" },
  },
  stream: "new-and-old-images",
  ttl: "expiresAt",
} as const satisfies TableDefinition;

/**
 * One record per (user, Dwipp): pk `USER#<userId>`, sk `DWIPP#<dwippId>` answers "is it my favorite".
 * - `byUser`: gsi1pk `USER#<userId>`, gsi1sk `<favoritedAt>#<dwippId>`: my favorites, newest first.
 * - `byDwipp`: gsi2pk `DWIPP#<dwippId>`, gsi2sk `USER#<userId>`: everyone who favorited a Dwipp.
 */
export const favoritesTable = {
  ...overloadedKeys,
  globalIndexes: {
    [indexes.favorites.byUser]: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    [indexes.favorites.byDwipp]: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  },
} as const satisfies TableDefinition;

/**
 * What people are told of others' doings with their Dwipps (docs/decisions/0019).
 * - Notification: pk `INBOX#<recipient>`, sk `NOTE#<dwippId>#<kind>#<actorId>`: one per
 *   (Dwipp, kind, person), so a repeated delivery or a second upvote after an unset makes none.
 * - `byActedAt`: gsi1pk `INBOX#<recipient>`, gsi1sk `<actedAt>#<sk>`: an inbox newest first, by
 *   when each person acted (notices arrive in any order).
 * - Inbox state: pk `INBOX#<recipient>`, sk `STATE`: `readings` (how often it was read), `readUntil`
 *   and the `unread` count.
 */
export const notificationsTable = {
  fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
  primaryIndex: overloadedKeys.primaryIndex,
  globalIndexes: {
    [indexes.notifications.byActedAt]: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
  },
} as const satisfies TableDefinition;

/**
 * Per-person budgets: pk `PERSON#<userId>`, sk `MINUTE#<n>`, one counter item per person and
 * minute that expires on its own. No index and no stream: nothing reads it but the counting.
 */
export const budgetsTable = {
  fields: { pk: "string", sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {},
  ttl: "expiresAt",
} as const satisfies TableDefinition;
