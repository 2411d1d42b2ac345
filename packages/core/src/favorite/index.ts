// Favorites: anyone can keep anyone's Dwipps, and read them back, most recently favorited first.
// A favorite record lives in the Favorites table; its count lives on the Dwipp.
import type { Actor } from "../actor";
import { setCounted, unsetCounted } from "../counted-record";
import * as Dwipp from "../dwipp";
import { tables } from "../dynamo";
import { newestEntries } from "../index-page";
import {
  dwippPartition,
  favoriteKey,
  favoriteMarkerKey,
  favoritesPartition,
  indexes,
  indexOrder,
} from "../keys";
import { parse } from "../validate";

const favoritePlace = (id: string, userId: string) => ({
  table: tables.favorites,
  dwippsTable: tables.dwipps,
  dwippId: id,
  counter: "favorites" as const,
  marker: favoriteMarkerKey(id, userId),
});

/** Sets the caller's favorite; repeating it changes nothing. */
export async function set(actor: Actor, givenId: string): Promise<Dwipp.FavoriteState> {
  const id = parse(Dwipp.DwippId, givenId, "id");
  const favoritedAt = new Date().toISOString();
  await setCounted(
    favoritePlace(id, actor.id),
    {
      ...favoriteKey(actor.id, id),
      gsi1pk: favoritesPartition(actor.id),
      gsi1sk: indexOrder(favoritedAt, id),
      // Everyone who favorited a Dwipp, one entry per person.
      gsi2pk: dwippPartition(id),
      gsi2sk: favoritesPartition(actor.id),
      userId: actor.id,
      dwippId: id,
      favoritedAt,
    },
    favoritedAt,
  );
  return { favorites: (await Dwipp.readCounts(id)).favorites, favoritedByMe: true };
}

/**
 * Unsets the caller's favorite; when there was none, nothing changes. A favorite of a deleted
 * Dwipp that its cleanup has not reached yet is removed all the same (and the answer is NotFound).
 */
export async function unset(actor: Actor, givenId: string): Promise<Dwipp.FavoriteState> {
  const id = parse(Dwipp.DwippId, givenId, "id");
  await unsetCounted(favoritePlace(id, actor.id), favoriteKey(actor.id, id));
  return { favorites: (await Dwipp.readCounts(id)).favorites, favoritedByMe: false };
}

interface FavoriteEntry {
  dwippId: string;
  gsi1sk: string;
}

/**
 * The Dwipps the caller favorited, most recently favorited first. A page costs one read of the
 * index and one batched read of its Dwipps, however many favorites are dangling: an entry whose
 * Dwipp is deleted, or that the caller unfavorited moments ago (the index lags), is left out, so a
 * page can be short; its cursor continues after everything it read.
 */
export async function listMine(
  actor: Actor,
  query: Dwipp.PageQuery,
): Promise<Dwipp.Page<Dwipp.Dwipp>> {
  const page = await Dwipp.listPage<FavoriteEntry>(actor, query, {
    list: "favorites",
    read: (before, count) =>
      newestEntries<FavoriteEntry>(
        {
          table: tables.favorites,
          index: indexes.favorites.byUser,
          partition: ["gsi1pk", favoritesPartition(actor.id)],
          order: "gsi1sk",
          fields: "dwippId, gsi1sk",
        },
        before,
        count,
      ),
    position: (entry) => entry.gsi1sk,
    dwippId: (entry) => entry.dwippId,
  });
  return { ...page, items: page.items.filter((dwipp) => dwipp.favoritedByMe) };
}
