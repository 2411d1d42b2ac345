// The two DynamoDB tables, from the same definitions the local cloud creates its tables with, and
// the key that signs page cursors.
import { dwippsTable, favoritesTable } from "../packages/core/src/table-definitions";

export const dwipps = new sst.aws.Dynamo("Dwipps", {
  fields: dwippsTable.fields,
  primaryIndex: dwippsTable.primaryIndex,
  globalIndexes: dwippsTable.globalIndexes,
  stream: dwippsTable.stream,
  ttl: dwippsTable.ttl,
});

export const favorites = new sst.aws.Dynamo("Favorites", {
  fields: favoritesTable.fields,
  primaryIndex: favoritesTable.primaryIndex,
  globalIndexes: favoritesTable.globalIndexes,
});

// Generated once per stage and kept in the stack's state, so nobody has to set it by hand.
const cursorKey = new random.RandomBytes("CursorKey", { length: 32 });

export const cursorSecret = new sst.Linkable("CursorSecret", {
  properties: { value: cursorKey.hex },
});
