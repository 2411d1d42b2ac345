// P9's measure of what the least read would cost, and the lists' reads of keys-only entries, rest on
// counting an item's bytes as DynamoDB does.

import { rankPlaces } from "@dwipper/core/dwipp/item";
import { ENTRIES_PER_READ_UNIT } from "@dwipper/core/dwipp/queries";
import { dwippKey, feedPartition, indexOrder, rankKey } from "@dwipper/core/keys";
import { describe, expect, it } from "vitest";
import { itemBytes } from "./item-size";

describe("itemBytes", () => {
  it("counts names and values the way DynamoDB counts them for capacity", () => {
    expect(itemBytes({ pk: "DWIPP#x" })).toBe(2 + 7);
    expect(itemBytes({ text: "héllo" })).toBe(4 + 6);
    // A number: one byte per two significant digits, plus one.
    expect(itemBytes({ n: 123 })).toBe(1 + 2 + 1);
    expect(itemBytes({ n: 1200 })).toBe(1 + 1 + 1);
    expect(itemBytes({ b: true, z: null })).toBe(1 + 1 + 1 + 1);
    // A map or list: three bytes, and a byte for each element besides its own size.
    expect(itemBytes({ m: { a: "xy" } })).toBe(1 + 3 + (1 + 1 + 2));
    expect(itemBytes({ l: ["a", 1] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });
});

describe("ENTRIES_PER_READ_UNIT", () => {
  it("keeps that many of the largest entry the feed or Top reads within one 4 KB read", () => {
    const id = "ffffffff-ffff-4fff-bfff-ffffffffffff";
    const at = "2026-12-31T23:59:59.999Z";
    const rank = rankPlaces({
      id,
      createdAt: at,
      upvotes: 9_999_999_999,
      gsi1pk: feedPartition(9),
    });
    // A keys-only index's entry holds the table's keys and the index's own.
    const entries = {
      feed: { ...dwippKey(id), gsi1pk: feedPartition(9), gsi1sk: indexOrder(at, id) },
      topAll: { ...rankKey(id), gsi1pk: rank.gsi1pk, rank: rank.rank },
      topDay: { ...rankKey(id), gsi3pk: rank.gsi3pk, rank: rank.rank },
      topHour: { ...rankKey(id), gsi4pk: rank.gsi4pk, rank: rank.rank },
    };
    const largest = Math.max(...Object.values(entries).map(itemBytes));
    expect(ENTRIES_PER_READ_UNIT * largest).toBeLessThanOrEqual(4096);
  });
});
