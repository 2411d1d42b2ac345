// What every Dwipp operation reads first: the live item, consistently, and how it is shown to the
// caller (with their flags).
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import { dynamo, tables } from "../dynamo";
import { NotFound } from "../error";
import { dwippKey } from "../keys";
import { withFlags } from "./fresh-read";
import { type DwippItem, isLive, type LiveDwippItem } from "./item";
import type { Dwipp } from "./schema";

/** A Dwipp just read or written, as the caller sees it: with their flags. */
export async function shownTo(actor: Actor, item: LiveDwippItem): Promise<Dwipp> {
  const [dwipp] = await withFlags(actor.id, [item]);
  if (!dwipp) throw new NotFound();
  return dwipp;
}

/** The live item, read consistently, or NotFound. */
export async function readLive(id: string): Promise<LiveDwippItem> {
  const result = await dynamo.send(
    new GetCommand({ TableName: tables.dwipps, Key: dwippKey(id), ConsistentRead: true }),
  );
  const item = result.Item as DwippItem | undefined;
  if (!isLive(item)) throw new NotFound();
  return item;
}

/** A live Dwipp's counts, read consistently, or NotFound. */
export async function readCounts(id: string): Promise<{ upvotes: number; favorites: number }> {
  const item = await readLive(id);
  return { upvotes: item.upvotes ?? 0, favorites: item.favorites ?? 0 };
}
