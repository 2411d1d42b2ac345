// The guard over released tables finds each change DynamoDB cannot make in place, and each table
// or index the record does not hold, and nothing else.
import { describe, expect, it } from "vitest";
import { type ReleasedTable, releasedTables, unreleasedChanges } from "./released-tables";

const released: Record<string, ReleasedTable> = {
  Things: {
    hashKey: "pk",
    rangeKey: "sk",
    keyTypes: { pk: "S", sk: "S", gsi1pk: "S" },
    indexes: { byOwner: { hashKey: "gsi1pk", projectionType: "ALL" } },
  },
};
const things = released.Things as ReleasedTable;
const deploying = (table: Partial<ReleasedTable>) => ({ Things: { ...things, ...table } });

describe("unreleasedChanges", () => {
  it("finds nothing when the program deploys what was released", () => {
    expect(unreleasedChanges(released, released)).toEqual([]);
    expect(unreleasedChanges(releasedTables, releasedTables)).toEqual([]);
  });

  it("finds an index whose projection or keys change in place", () => {
    const keysOnly = deploying({
      indexes: { byOwner: { hashKey: "gsi1pk", projectionType: "KEYS_ONLY" } },
    });
    expect(unreleasedChanges(keysOnly, released)).toEqual([
      expect.stringMatching(
        /^Things's index byOwner changes in place .*give the new one a new name$/,
      ),
    ]);
    const sorted = deploying({
      keyTypes: { ...things.keyTypes, sk: "S" },
      indexes: { byOwner: { hashKey: "gsi1pk", rangeKey: "sk", projectionType: "ALL" } },
    });
    expect(unreleasedChanges(sorted, released)).toHaveLength(1);
  });

  it("finds a table whose keys change, or that is gone", () => {
    expect(unreleasedChanges(deploying({ rangeKey: "at" }), released)).toContain(
      "Things's rangeKey changes (sk to at): a deploy replaces the table",
    );
    expect(
      unreleasedChanges(deploying({ keyTypes: { ...things.keyTypes, pk: "N" } }), released),
    ).toContain("Things's key pk changes type (S to N): it cannot in place");
    expect(unreleasedChanges({}, released)).toEqual([
      "Things is released and gone from the program: a deploy deletes it, items and all",
    ]);
  });

  it("asks for a new index, or a dropped one, to be recorded in the same change", () => {
    const added = deploying({
      keyTypes: { ...things.keyTypes, gsi2pk: "S" },
      indexes: { ...things.indexes, byPlace: { hashKey: "gsi2pk", projectionType: "ALL" } },
    });
    expect(unreleasedChanges(added, released)).toEqual([
      "Things's index byPlace is not in released-tables.ts: record it",
      "Things's key gsi2pk is not in released-tables.ts: record it",
    ]);
    const dropped = deploying({ keyTypes: { pk: "S", sk: "S" }, indexes: {} });
    expect(unreleasedChanges(dropped, released)).toEqual([
      "Things's index byOwner is gone: take it out of released-tables.ts",
      "Things's key gsi1pk is gone: take it out of released-tables.ts",
    ]);
  });
});
