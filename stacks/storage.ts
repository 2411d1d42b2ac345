// The DynamoDB tables, from the same definitions the local cloud creates its tables with; the
// notices topic (SNS) between the Dwipps stream and the notifications; and the key that signs page
// cursors.
//
// Functions reach a table through a link named after it (`Resource.Dwipps.name`), which carries
// only the name: what a function may do to the table is granted per function from the route table
// (see `tablePermissions`), so a read route gets no write permission. (Linking the Dynamo
// component itself would grant `dynamodb:*` to every function that uses it.)

import {
  budgetsTable,
  dwippsTable,
  favoritesTable,
  notificationsTable,
} from "@dwipper/core/table-definitions";
import type { Link } from "@dwipper/functions/routes";
import { budgetActions, readActions, writeActions } from "./table-access";

// SST's tables keep point-in-time recovery (35 days of any second to restore to) on every stage;
// a kept stage's tables cannot be deleted either, whoever asks (docs/operations.md).
const deletionProtection = $app.protect;

export const dwipps = new sst.aws.Dynamo("DwippsTable", {
  deletionProtection,
  fields: dwippsTable.fields,
  primaryIndex: dwippsTable.primaryIndex,
  globalIndexes: dwippsTable.globalIndexes,
  stream: dwippsTable.stream,
  ttl: dwippsTable.ttl,
});

export const favorites = new sst.aws.Dynamo("FavoritesTable", {
  deletionProtection,
  fields: favoritesTable.fields,
  primaryIndex: favoritesTable.primaryIndex,
  globalIndexes: favoritesTable.globalIndexes,
});

export const notifications = new sst.aws.Dynamo("NotificationsTable", {
  deletionProtection,
  fields: notificationsTable.fields,
  primaryIndex: notificationsTable.primaryIndex,
  globalIndexes: notificationsTable.globalIndexes,
});

// Someone set an upvote or a favorite: published by the Dwipps stream's subscriber, made into a
// notification by the topic's subscriber (docs/decisions/0019).
export const notices = new sst.aws.SnsTopic("Notices");

// Counters only: no index, no stream.
export const budgets = new sst.aws.Dynamo("BudgetsTable", {
  deletionProtection,
  fields: budgetsTable.fields,
  primaryIndex: budgetsTable.primaryIndex,
  ttl: budgetsTable.ttl,
});

// Generated once per stage and kept in the stack's state, so nobody has to set it by hand.
const cursorKey = new random.RandomBytes("CursorKey", { length: 32 });

export const links = {
  Dwipps: new sst.Linkable("Dwipps", { properties: { name: dwipps.name } }),
  Favorites: new sst.Linkable("Favorites", { properties: { name: favorites.name } }),
  Budgets: new sst.Linkable("Budgets", { properties: { name: budgets.name } }),
  Notifications: new sst.Linkable("Notifications", { properties: { name: notifications.name } }),
  Notices: new sst.Linkable("Notices", { properties: { arn: notices.arn } }),
  CursorSecret: new sst.Linkable("CursorSecret", { properties: { value: cursorKey.hex } }),
} satisfies Record<Exclude<Link, "Auth">, unknown>;

const tables: Partial<Record<Link, sst.aws.Dynamo>> = {
  Dwipps: dwipps,
  Favorites: favorites,
  Notifications: notifications,
};

/**
 * What a function may do to each table it links: read, or read and write (but only read those it
 * `readsOnly`); to the budgets, only add to a counter, whatever the function is; to the notices
 * topic, publish. Nothing else.
 */
export function tablePermissions(
  linked: readonly Link[],
  writes: boolean,
  readsOnly: readonly Link[] = [],
) {
  return linked.flatMap((link) => {
    if (link === "Budgets") return [{ actions: budgetActions, resources: [budgets.arn] }];
    if (link === "Notices") return [{ actions: ["sns:Publish"], resources: [notices.arn] }];
    const table = tables[link];
    if (!table) return [];
    return [
      {
        actions: writes && !readsOnly.includes(link) ? writeActions : readActions,
        resources: [table.arn, $interpolate`${table.arn}/index/*`],
      },
    ];
  });
}
