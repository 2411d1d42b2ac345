// Favorites: anyone can keep anyone's Dwipps, and read them back, most recently favorited first.
// A favorite record lives in the Favorites table; its count lives on the Dwipp.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import * as Dwipp from "../dwipp";
import { setCounted, unsetCounted } from "../dwipp/counted-record";
import { favoriteKey } from "../dwipp/item";
import { dynamo, tables } from "../dynamo";

const favoritePlace = (id: string) => ({
  table: tables.favorites,
  dwippsTable: tables.dwipps,
  dwippId: id,
  counter: "favorites" as const,
});

/** Sets the caller's favorite; repeating it changes nothing. */
export async function add(actor: Actor, id: string): Promise<Dwipp.FavoriteState> {
  const favoritedAt = new Date().toISOString();
  await setCounted(favoritePlace(id), {
    ...favoriteKey(actor.id, id),
    gsi1pk: `USER#${actor.id}`,
    gsi1sk: `${favoritedAt}#${id}`,
    gsi2pk: `DWIPP#${id}`,
    gsi2sk: `USER#${actor.id}`,
    userId: actor.id,
    dwippId: id,
    favoritedAt,
  });
  return { favorites: (await Dwipp.readCounts(id)).favorites, favoritedByMe: true };
}

/** Unsets the caller's favorite; when there was none, nothing changes. */
export async function remove(actor: Actor, id: string): Promise<Dwipp.FavoriteState> {
  await unsetCounted(favoritePlace(id), favoriteKey(actor.id, id));
  return { favorites: (await Dwipp.readCounts(id)).favorites, favoritedByMe: false };
}

interface FavoriteRecord {
  dwippId: string;
  gsi1sk: string;
}

/**
 * The Dwipps the caller favorited, most recently favorited first. Favorites of deleted Dwipps are
 * skipped even before their cleanup has run, so the page reads on until it is full.
 */
export async function listMine(
  actor: Actor,
  query: Dwipp.PageQuery,
): Promise<Dwipp.Page<Dwipp.Dwipp>> {
  const limit = query.limit ?? Dwipp.DEFAULT_PAGE_SIZE;
  const list = "favorites";
  let before = query.cursor ? Cursor.decode(list, actor.id, query.cursor) : undefined;
  const kept: { record: FavoriteRecord; item: Dwipp.LiveItem }[] = [];
  let exhausted = false;
  while (kept.length <= limit && !exhausted) {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: tables.favorites,
        IndexName: "byUser",
        KeyConditionExpression: before ? "gsi1pk = :user AND gsi1sk < :before" : "gsi1pk = :user",
        ExpressionAttributeValues: {
          ":user": `USER#${actor.id}`,
          ...(before ? { ":before": before } : {}),
        },
        ScanIndexForward: false,
        Limit: limit + 1 - kept.length,
      }),
    );
    const records = (result.Items ?? []) as FavoriteRecord[];
    const live = await Dwipp.readMany(records.map((record) => record.dwippId));
    for (const record of records) {
      const item = live.get(record.dwippId);
      if (item) kept.push({ record, item });
    }
    before = records.at(-1)?.gsi1sk ?? before;
    exhausted = !result.LastEvaluatedKey;
  }
  const page = Cursor.pageOf(list, actor.id, kept, limit, ({ record }) => record.gsi1sk);
  return {
    ...page,
    items: await Dwipp.present(
      actor,
      page.items.map(({ item }) => item),
    ),
  };
}
