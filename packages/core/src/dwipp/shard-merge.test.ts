// Holds the merge that reads a sharded list newest first: exactly the newest items, no shard
// read more than needed.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newestAcrossShards, type ShardReader } from "./shard-merge";

/**
 * Shards held in memory, newest first, read the way a DynamoDB Query pages through them. A Query
 * may stop before its limit (at 1 MB read, or when the caller drops entries it filters): `most`
 * caps what one read returns.
 */
function inMemory(shards: string[][], most = Number.POSITIVE_INFINITY) {
  const reads: { shard: number; start: number; limit: number }[] = [];
  const read: ShardReader<string, number> = async (shard, start = 0, limit) => {
    reads.push({ shard, start, limit });
    const taken = Math.min(limit, most);
    const all = shards[shard] ?? [];
    const items = all.slice(start, start + taken);
    const end = start + items.length;
    // Like DynamoDB, a read that stopped at its limit carries a position even when nothing follows.
    return { items, next: items.length === taken ? end : undefined };
  };
  return { read, reads };
}

const newestFirst = (items: string[]) => [...items].sort().reverse();

describe("newestAcrossShards", () => {
  it("returns exactly the newest items of the union, whatever their spread over the shards", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 60 }),
        fc.func(fc.nat()),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        async (keys, shardCount, count, place, most) => {
          const shards = Array.from({ length: shardCount }, () => [] as string[]);
          for (const key of keys) shards[place(key) % shardCount]?.push(key);
          const { read } = inMemory(shards.map(newestFirst), most);
          const result = await newestAcrossShards(shardCount, count, (key) => key, read);
          expect(result).toEqual(newestFirst(keys).slice(0, count));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads each shard once, even when the newest all lie in one", async () => {
    const busy = Array.from({ length: 50 }, (_, i) => `b${String(i).padStart(3, "0")}`);
    const quiet = ["a1", "a2", "a3"];
    const { read, reads } = inMemory([newestFirst(busy), newestFirst(quiet), [], []]);
    const result = await newestAcrossShards(4, 21, (key) => key, read);
    expect(result).toEqual(newestFirst(busy).slice(0, 21));
    expect(reads.map((entry) => entry.shard).sort()).toEqual([0, 1, 2, 3]);
    expect(reads.every((entry) => entry.limit === 21)).toBe(true);
  });

  it("reads further only a shard whose read stopped short while its unseen items could still count", async () => {
    // Reads stop at 8 items. Shard 2's are the oldest, shard 0's the newest: after one round the
    // 21st newest is shard 2's 5th, so shard 2 is done; after two it is shard 1's 5th; after three,
    // all 21 are shard 0's.
    const shard = (letter: string) =>
      newestFirst(Array.from({ length: 30 }, (_, i) => `${letter}${String(i).padStart(3, "0")}`));
    const { read, reads } = inMemory([shard("c"), shard("b"), shard("a")], 8);
    const result = await newestAcrossShards(3, 21, (key) => key, read);
    expect(result).toEqual(shard("c").slice(0, 21));
    const starts = (which: number) =>
      reads.filter((entry) => entry.shard === which).map((entry) => entry.start);
    expect([starts(0), starts(1), starts(2)]).toEqual([[0, 8, 16], [0, 8], [0]]);
  });
});
