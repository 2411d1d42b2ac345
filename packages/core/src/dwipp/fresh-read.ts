// What a list shows of each Dwipp is read from the Dwipps table itself, strongly consistent, never
// taken from an index: on AWS an index lags its table, so right after a delete or an edit it can
// still hold the old item, text and counts included. An index only says which Dwipps a page holds
// and in what order; one batched read then says which of them are still live, what they say and
// count now, and whether the caller upvoted and favorited each.
import { NOBODY } from "../actor";
import { batchGet, tables } from "../dynamo";
import { dwippIdOf, dwippKey, favoriteKey, kindInDwippPartition, upvoteKey } from "../keys";
import { type DwippItem, isLive, type LiveDwippItem, toDwipp, type ViewerFlags } from "./item";
import type { Dwipp } from "./schema";

const noFlags = (): ViewerFlags => ({ upvotedByMe: false, favoritedByMe: false });

interface Read {
  live: Map<string, LiveDwippItem>;
  flags: Map<string, ViewerFlags>;
}

async function read(actorId: string, ids: string[], withItems: boolean): Promise<Read> {
  // Nobody has flags: nothing of theirs to read.
  const nobody = actorId === NOBODY.id;
  const live = new Map<string, LiveDwippItem>();
  const flags = new Map<string, ViewerFlags>(ids.map((id) => [id, noFlags()]));
  if (ids.length === 0) return { live, flags };
  const found = await batchGet({
    [tables.dwipps]: [
      ...(withItems ? ids.map(dwippKey) : []),
      ...(nobody ? [] : ids.map((id) => upvoteKey(id, actorId))),
    ],
    ...(nobody ? {} : { [tables.favorites]: ids.map((id) => favoriteKey(actorId, id)) }),
  });
  for (const record of found[tables.dwipps] ?? []) {
    const id = dwippIdOf(record.pk);
    if (kindInDwippPartition(record.sk ?? "") === "dwipp") {
      const item = record as unknown as DwippItem;
      if (isLive(item)) live.set(item.id, item);
    } else {
      const entry = id ? flags.get(id) : undefined;
      if (entry) entry.upvotedByMe = true;
    }
  }
  for (const record of found[tables.favorites] ?? []) {
    const entry = flags.get(dwippIdOf(record.sk) ?? "");
    if (entry) entry.favoritedByMe = true;
  }
  return { live, flags };
}

/** The caller's flags on Dwipps whose items are already fresh (just written or just read). */
export async function withFlags(actorId: string, items: LiveDwippItem[]): Promise<Dwipp[]> {
  const { flags } = await read(
    actorId,
    items.map((item) => item.id),
    false,
  );
  return items.map((item) => toDwipp(item, flags.get(item.id) ?? noFlags()));
}

/**
 * The Dwipps of `ids` that are live now, as they are now, in the order given, with the caller's
 * flags. A deleted or unknown id is left out.
 */
export async function freshDwipps(actorId: string, ids: string[]): Promise<Dwipp[]> {
  const { live, flags } = await read(actorId, ids, true);
  return ids.flatMap((id) => {
    const item = live.get(id);
    return item ? [toDwipp(item, flags.get(id) ?? noFlags())] : [];
  });
}
