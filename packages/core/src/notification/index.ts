// Notifications: telling an author that someone upvoted or favorited their Dwipp. Made off the
// request path from notices on the topic (delivered at least once, so making one is idempotent),
// listed newest first with an exact unread count, read up to the inbox's last reading (counted, so
// no two instances' clocks are compared), and forgotten with the Dwipp (docs/decisions/0019).
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import { DEFAULT_PAGE_SIZE, type PageQuery } from "../dwipp/schema";
import {
  batchDelete,
  batchGet,
  dynamo,
  tables,
  transact,
  writeBesideTransactions,
} from "../dynamo";
import { newestEntries } from "../index-page";
import {
  dwippIdOf,
  dwippKey,
  inboxPartition,
  inboxStateKey,
  indexes,
  notificationKey,
  notificationsOf,
  profileKey,
} from "../keys";
import { parse } from "../validate";
import { Notice, type NotificationKind, type NotificationPage } from "./schema";

export * from "./schema";

interface NotificationItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  kind: NotificationKind;
  dwippId: string;
  actorId: string;
  actorName: string;
  /** When the person acted. */
  actedAt: string;
  /** When it was written. */
  arrivedAt: string;
  /**
   * How many times the inbox had been read when it was written: it is read once the inbox's count
   * of readings is higher. Absent on notifications written before readings were counted.
   */
  readings?: number;
}

interface InboxState {
  /** How many times the inbox has been read. */
  readings?: number;
  /** When it was last read: what notifications written before `readings` was kept compare with. */
  readUntil?: string;
  unread?: number;
}

/** Whether a notification is read: written before the inbox's last reading. */
function isRead(note: Pick<NotificationItem, "readings" | "arrivedAt">, state: InboxState) {
  if (note.readings === undefined) return note.arrivedAt <= (state.readUntil ?? "");
  return note.readings < (state.readings ?? 0);
}

/** The condition that the inbox has been read exactly `readings` times, for a write to hold to. */
function readTimes(readings: number) {
  return readings === 0
    ? { ConditionExpression: "attribute_not_exists(readings)" }
    : {
        ConditionExpression: "readings = :readings",
        ExpressionAttributeValues: { ":readings": readings },
      };
}

/** `isRead`'s rule as the condition that a notification is still unread, for a write to hold to. */
function stillUnread(note: Pick<NotificationItem, "readings" | "arrivedAt">) {
  if (note.readings !== undefined) return readTimes(note.readings);
  return {
    ConditionExpression:
      "attribute_not_exists(readings) AND (attribute_not_exists(readUntil) OR readUntil < :arrived)",
    ExpressionAttributeValues: { ":arrived": note.arrivedAt },
  };
}

/** Tries of a notification whose inbox was read between looking at it and writing to it. */
const ARRIVAL_TRIES = 5;

/**
 * Makes the notification a notice asks for, unless it exists already (a repeated delivery, or the
 * same person acting again), the Dwipp is gone, or its author is the one who acted. The
 * notification and the inbox's unread count are written together; a notification is unread when
 * it arrived after the inbox was last read, and the write only goes ahead while that still holds.
 */
export async function notify(input: Notice): Promise<"made" | "exists" | "passed over"> {
  const notice = parse(Notice, input);
  const [dwipp, actor] = await Promise.all([
    dynamo.send(
      new GetCommand({
        TableName: tables.dwipps,
        Key: dwippKey(notice.dwippId),
        ProjectionExpression: "authorId, deletedAt",
        ConsistentRead: true,
      }),
    ),
    dynamo.send(
      // Consistent: the name is kept in the notification, so a read that missed a profile just
      // made would name the actor "Someone" for good.
      new GetCommand({
        TableName: tables.dwipps,
        Key: profileKey(notice.actorId),
        ProjectionExpression: "#name",
        ExpressionAttributeNames: { "#name": "name" },
        ConsistentRead: true,
      }),
    ),
  ]);
  const author = dwipp.Item as { authorId?: string; deletedAt?: string } | undefined;
  if (!author?.authorId || author.deletedAt || author.authorId === notice.actorId) {
    return "passed over";
  }
  const key = notificationKey(author.authorId, notice.dwippId, notice.kind, notice.actorId);
  for (let attempt = 0; attempt < ARRIVAL_TRIES; attempt++) {
    const readings = (await stateOf(author.authorId)).readings ?? 0;
    const item: NotificationItem = {
      ...key,
      gsi1pk: key.pk,
      gsi1sk: `${notice.at}#${key.sk}`,
      kind: notice.kind,
      dwippId: notice.dwippId,
      actorId: notice.actorId,
      actorName: (actor.Item?.name as string | undefined) ?? "Someone",
      actedAt: notice.at,
      arrivedAt: new Date().toISOString(),
      readings,
    };
    const unreadOnceMore = stillUnread(item);
    const reasons = await transact({
      TransactItems: [
        {
          Put: {
            TableName: tables.notifications,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName: tables.notifications,
            Key: inboxStateKey(author.authorId),
            UpdateExpression: "ADD unread :one",
            ConditionExpression: unreadOnceMore.ConditionExpression,
            ExpressionAttributeValues: { ":one": 1, ...unreadOnceMore.ExpressionAttributeValues },
          },
        },
      ],
    });
    if (!reasons) return "made";
    if (reasons[0]?.Code === "ConditionalCheckFailed") return "exists";
    // The inbox was read after its readings were looked at: look again.
  }
  throw new Error("The inbox kept being read while a notification was being written.");
}

async function stateOf(userId: string): Promise<InboxState> {
  const result = await dynamo.send(
    new GetCommand({
      TableName: tables.notifications,
      Key: inboxStateKey(userId),
      ConsistentRead: true,
    }),
  );
  return (result.Item ?? {}) as InboxState;
}

/**
 * The caller's notifications, newest first, each with the Dwipp's text as it is now; those of a
 * Dwipp deleted moments ago (whose cleanup has not reached them yet) are left out.
 */
export async function list(actor: Actor, query: PageQuery): Promise<NotificationPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const listName = "notifications";
  const before = query.cursor ? Cursor.decode(listName, actor.id, query.cursor) : undefined;
  const [state, entries] = await Promise.all([
    stateOf(actor.id),
    newestEntries<NotificationItem>(
      {
        table: tables.notifications,
        index: indexes.notifications.byActedAt,
        partition: ["gsi1pk", inboxPartition(actor.id)],
        order: "gsi1sk",
        fields: "pk, sk, gsi1sk, kind, dwippId, actorId, actorName, actedAt, arrivedAt, readings",
      },
      before,
      limit + 1,
    ),
  ]);
  const page = Cursor.pageOf(listName, actor.id, entries, limit, (entry) => entry.gsi1sk);
  const ids = [...new Set(page.items.map((entry) => entry.dwippId))];
  const found = await batchGet({ [tables.dwipps]: ids.map((id) => dwippKey(id)) });
  const texts = new Map<string, string>();
  for (const item of (found[tables.dwipps] ?? []) as Record<string, unknown>[]) {
    const id = dwippIdOf(String(item.pk));
    if (id && !item.deletedAt && typeof item.content === "string") texts.set(id, item.content);
  }
  return {
    items: page.items.flatMap((entry) => {
      const content = texts.get(entry.dwippId);
      if (content === undefined) return [];
      return [
        {
          id: Buffer.from(entry.sk, "utf8").toString("base64url"),
          kind: entry.kind,
          actor: { id: entry.actorId, name: entry.actorName },
          dwipp: { id: entry.dwippId, content },
          at: entry.actedAt,
          read: isRead(entry, state),
        },
      ];
    }),
    nextCursor: page.nextCursor,
    unread: Math.max(0, state.unread ?? 0),
  };
}

/**
 * Everything that has arrived in the caller's inbox so far is read: the inbox counts one more
 * reading, which every notification written before it is below.
 */
export async function markRead(actor: Actor): Promise<{ unread: 0 }> {
  // A notification arriving meanwhile adds to the count in a transaction.
  await writeBesideTransactions(() =>
    dynamo.send(
      new UpdateCommand({
        TableName: tables.notifications,
        Key: inboxStateKey(actor.id),
        UpdateExpression: "ADD readings :one SET readUntil = :now, unread = :zero",
        ExpressionAttributeValues: { ":one": 1, ":now": new Date().toISOString(), ":zero": 0 },
      }),
    ),
  );
  return { unread: 0 };
}

/**
 * Removes every notification about a deleted Dwipp from its author's inbox, taking the unread ones
 * off the count in the same write. Safe to run again (the deletion cleanup runs it).
 */
export async function forgetDwipp(dwippId: string, authorId: string): Promise<number> {
  let removed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tables.notifications,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :dwipp)",
        ExpressionAttributeValues: {
          ":pk": inboxPartition(authorId),
          ":dwipp": notificationsOf(dwippId),
        },
        ProjectionExpression: "pk, sk, arrivedAt, readings",
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    const state = await stateOf(authorId);
    const read: { pk: string; sk: string }[] = [];
    for (const note of (page.Items ?? []) as Pick<
      NotificationItem,
      "pk" | "sk" | "arrivedAt" | "readings"
    >[]) {
      const key = { pk: note.pk, sk: note.sk };
      if (isRead(note, state)) {
        read.push(key);
        continue;
      }
      const unread = stillUnread(note);
      const reasons = await transact({
        TransactItems: [
          {
            Delete: {
              TableName: tables.notifications,
              Key: key,
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          {
            Update: {
              TableName: tables.notifications,
              Key: inboxStateKey(authorId),
              UpdateExpression: "ADD unread :less",
              ConditionExpression: unread.ConditionExpression,
              ExpressionAttributeValues: { ":less": -1, ...unread.ExpressionAttributeValues },
            },
          },
        ],
      });
      // Read in the meantime: it is no longer counted, so it only goes.
      if (reasons?.[1]?.Code === "ConditionalCheckFailed") read.push(key);
    }
    await batchDelete(tables.notifications, read);
    removed += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return removed;
}
