// What notifications are made from (a notice on the topic) and what the API answers with. Only
// valibot here, so the browser can import the types.
import * as v from "valibot";
import { DwippId } from "../dwipp/schema";
import { UserId } from "../profile/schema";

/** What someone did to another person's Dwipp that its author is told of. */
export const NOTIFICATION_KINDS = ["upvote", "favorite"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const Time = v.pipe(v.string(), v.isoTimestamp());

/** A message on the notices topic: someone set an upvote or a favorite at a time. */
export const Notice = v.strictObject({
  kind: v.picklist(NOTIFICATION_KINDS),
  dwippId: DwippId,
  actorId: UserId,
  at: Time,
});
export type Notice = v.InferOutput<typeof Notice>;

export const NotificationObject = v.object({
  id: v.string(),
  kind: v.picklist(NOTIFICATION_KINDS),
  actor: v.object({ id: v.string(), name: v.string() }),
  dwipp: v.object({ id: v.string(), content: v.string() }),
  at: Time,
  read: v.boolean(),
});
export type Notification = v.InferOutput<typeof NotificationObject>;

/** A page of notifications, newest first, with everything unread counted (not only this page). */
export const NotificationPageObject = v.object({
  items: v.array(NotificationObject),
  nextCursor: v.nullable(v.string()),
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type NotificationPage = v.InferOutput<typeof NotificationPageObject>;

export const ReadStateObject = v.object({ unread: v.literal(0) });
