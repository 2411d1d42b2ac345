// What every list of Dwipps does with a page: the cursor names a position in one list for one
// reader; an index says which Dwipps come next and in what order (reading one more than the page,
// to know whether more exist); and what is shown of them is read afresh from the table
// (`freshDwipps`), since the index may still hold a deleted or edited item. Pages are cut by what
// the index holds, so a page can be short when a Dwipp was deleted moments ago; its cursor still
// continues after everything it read.
import type { Actor } from "../actor";
import * as Cursor from "../cursor";
import { freshDwipps } from "./fresh-read";
import { DEFAULT_PAGE_SIZE, type Dwipp, type Page, type PageQuery } from "./schema";

export interface Listing<Entry> {
  /** The list's name, which its cursors are bound to. */
  list: string;
  /** The first `count` entries after `before` (a position; none: from the start), in order. */
  read(before: string | undefined, count: number): Promise<Entry[]>;
  /** An entry's position, unique in the list. */
  position(entry: Entry): string;
  dwippId(entry: Entry): string;
}

export async function listPage<Entry>(
  actor: Actor,
  query: PageQuery,
  listing: Listing<Entry>,
): Promise<Page<Dwipp>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const before = query.cursor ? Cursor.decode(listing.list, actor.id, query.cursor) : undefined;
  const entries = await listing.read(before, limit + 1);
  const page = Cursor.pageOf(listing.list, actor.id, entries, limit, listing.position);
  return { ...page, items: await freshDwipps(actor.id, page.items.map(listing.dwippId)) };
}
