// P8's write figures rest on counting a change's index writes as DynamoDB bills them.
import { dwippsTable, type TableDefinition } from "@dwipper/core/table-definitions";
import { describe, expect, it } from "vitest";
import { writeUnits } from "./write-units";

const dwipp = {
  pk: "DWIPP#1",
  sk: "DWIPP",
  gsi1pk: "FEED#0",
  gsi1sk: "2026-12-02T00:00:00.000Z#1",
  gsi2pk: "AUTHOR#a",
  gsi2sk: "2026-12-02T00:00:00.000Z#1",
  content: "A short thought",
  upvotes: 0,
};
const rank = { pk: "DWIPP#1", sk: "RANK", gsi1pk: "FEED#0", gsi3pk: "DAY#2026-12-02", rank: "0#…" };

describe("writeUnits", () => {
  it("charges a new Dwipp once for the table and once for each index it enters", () => {
    // The table, the feed and the author's index.
    expect(writeUnits(dwippsTable, undefined, dwipp, false)).toBe(3);
    // A transaction doubles the table's share.
    expect(writeUnits(dwippsTable, undefined, dwipp, true)).toBe(4);
  });

  it("charges an index for a changed projected value, and a keys-only index only for its keys", () => {
    // An index that copies whole items is written whenever a copied value changes.
    const copyingAll: TableDefinition = {
      ...dwippsTable,
      globalIndexes: { whole: { hashKey: "gsi1pk", rangeKey: "gsi1sk" } },
    };
    expect(writeUnits(copyingAll, dwipp, { ...dwipp, upvotes: 1 }, false)).toBe(2);
    // The feed's and the author's indexes copy keys only: a vote or an edit writes neither.
    expect(writeUnits(dwippsTable, dwipp, { ...dwipp, upvotes: 1 }, false)).toBe(1);
    expect(writeUnits(dwippsTable, dwipp, { ...dwipp, content: "Edited" }, false)).toBe(1);
    // A rank item is in topAll and topDay, keys only: a new rank moves it in both (out and in).
    expect(writeUnits(dwippsTable, rank, { ...rank, rank: "1#…" }, false)).toBe(1 + 2 + 2);
    expect(writeUnits(dwippsTable, rank, { ...rank, note: "x" }, false)).toBe(1);
  });

  it("charges leaving an index, and an item in no index only for the table", () => {
    const { gsi1pk: _, gsi1sk: __, ...tombstone } = dwipp;
    // The table, and the feed's entry removed; the author's keys-only entry stays as it was.
    expect(writeUnits(dwippsTable, dwipp, { ...tombstone, deletedAt: "now" }, false)).toBe(1 + 1);
    const upvote = { pk: "DWIPP#1", sk: "UPVOTE#u", userId: "u" };
    expect(writeUnits(dwippsTable, undefined, upvote, false)).toBe(1);
    expect(writeUnits(dwippsTable, upvote, undefined, false)).toBe(1);
  });
});
