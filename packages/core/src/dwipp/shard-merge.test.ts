import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newestAcrossShards, type ShardReader } from "./shard-merge";

/** Shards held in memory, newest first, read the way a DynamoDB Query pages through them. */
function inMemory(shards: string[][]) {
  const reads: { shard: number; start: number; limit: number }[] = [];
  const read: ShardReader<string, number> = async (shard, start = 0, limit) => {
    reads.push({ shard, start, limit });
    const items = (shards[shard] ?? []).slice(start, start + limit);
    const end = start + items.length;
    // Like DynamoDB, a full page carries a position even when nothing follows it.
    return { items, next: items.length === limit ? end : undefined };
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
        async (keys, shardCount, count, place) => {
          const shards = Array.from({ length: shardCount }, () => [] as string[]);
          for (const key of keys) shards[place(key) % shardCount]?.push(key);
          const { read } = inMemory(shards.map(newestFirst));
          const result = await newestAcrossShards(shardCount, count, (key) => key, read);
          expect(result).toEqual(newestFirst(keys).slice(0, count));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads each shard once when the newest are spread evenly", async () => {
    // 4 shards taking turns: a page of 21 needs 6 from each; the first read takes 6 + slack.
    const keys = Array.from({ length: 400 }, (_, i) => String(i).padStart(4, "0"));
    const shards = [0, 1, 2, 3].map((shard) => newestFirst(keys.filter((_, i) => i % 4 === shard)));
    const { read, reads } = inMemory(shards);
    const result = await newestAcrossShards(4, 21, (key) => key, read);
    expect(result).toEqual(newestFirst(keys).slice(0, 21));
    expect(reads).toHaveLength(4);
    expect(reads.reduce((sum, entry) => sum + entry.limit, 0)).toBeLessThan(4 * 21);
  });

  it("reads deeper only in the shard that holds the newest", async () => {
    const busy = Array.from({ length: 50 }, (_, i) => `b${String(i).padStart(3, "0")}`);
    const quiet = ["a1", "a2", "a3"];
    const { read, reads } = inMemory([newestFirst(busy), newestFirst(quiet), [], []]);
    const result = await newestAcrossShards(4, 21, (key) => key, read);
    expect(result).toEqual(newestFirst(busy).slice(0, 21));
    expect(reads.filter((entry) => entry.shard !== 0)).toHaveLength(3);
    expect(reads.filter((entry) => entry.shard === 0).map((entry) => entry.start)).toEqual([
      0, 10, 20,
    ]);
  });
});
