// The newest items across the feed's shards (or Top's partitions), in one round of reads.
// Every shard is ordered newest first, and the first read takes from each as many items as the
// answer holds, up to what the caller says one read should take: the newest may all lie in one
// shard, and a Query is charged per 4 KB it reads, so 21 keys-only entries cost what 6 would.
// Taking fewer would save no capacity and would send a page whose newest cluster in one shard back
// for a second round. A shard is read further only while its unseen items could still count.

/** One read of one shard: its next items, newest first, and where to continue if there are more. */
export interface ShardChunk<Item, Position> {
  items: Item[];
  next: Position | undefined;
}

export type ShardReader<Item, Position> = (
  shard: number,
  start: Position | undefined,
  limit: number,
) => Promise<ShardChunk<Item, Position>>;

/**
 * The newest `count` items of the union of `shards` shards, newest first. `order` is each item's
 * sort key (unique, larger is newer).
 */
export async function newestAcrossShards<Item, Position>(
  shards: number,
  count: number,
  order: (item: Item) => string,
  read: ShardReader<Item, Position>,
  /** The most items one read takes. */
  mostPerRead = count,
): Promise<Item[]> {
  const chunk = Math.min(count, mostPerRead);
  // What has been read of each shard so far, and where it continues.
  const states: ShardChunk<Item, Position>[] = Array.from({ length: shards }, () => ({
    items: [],
    next: undefined,
  }));
  const readInto = async (shard: number, state: ShardChunk<Item, Position>) => {
    const result = await read(shard, state.next, chunk);
    state.items.push(...result.items);
    state.next = result.next;
  };
  await Promise.all(states.map((state, shard) => readInto(shard, state)));
  for (;;) {
    const merged = byNewest(
      states.flatMap((state) => state.items),
      order,
    );
    const cutoff = merged[count - 1];
    const deeper = states.flatMap((state, shard) => {
      if (state.next === undefined) return [];
      const last = state.items.at(-1);
      // The shard's unseen items are older than its last seen one: once that one is no newer than
      // the count-th newest seen, none of them can be among the newest.
      if (cutoff !== undefined && last !== undefined && order(last) <= order(cutoff)) return [];
      return [{ shard, state }];
    });
    if (deeper.length === 0) return merged.slice(0, count);
    await Promise.all(deeper.map(({ shard, state }) => readInto(shard, state)));
  }
}

function byNewest<Item>(items: Item[], order: (item: Item) => string): Item[] {
  return items.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x < y ? 1 : x > y ? -1 : 0;
  });
}
