// The tables and indexes as a deploy of main makes them, recorded apart from their definitions
// (packages/core/src/table-definitions.ts) so that a change to one shows up before it is deployed.
// DynamoDB changes neither in place: a table whose keys change is replaced, its items with it (and
// a kept stage refuses to delete it), and an index whose keys or projection change is deleted and
// built again, its reads failing meanwhile. `infra.test.ts` holds the definitions to this record
// (ADR 0046):
// - a new table or index: add it here in the same change;
// - one to drop: take it out here in the same change;
// - one to change: give the new definition a new name beside the old, move the reads to it in a
//   later deploy, then drop the old (docs/operations.md).
// Keyed by the table's name in the program and the index's name on AWS.

export interface ReleasedIndex {
  hashKey: string;
  rangeKey?: string;
  projectionType: "ALL" | "KEYS_ONLY";
}

export interface ReleasedTable {
  hashKey: string;
  rangeKey?: string;
  /** Every key attribute's DynamoDB type, the table's and its indexes'. */
  keyTypes: Record<string, "S" | "N" | "B">;
  indexes: Record<string, ReleasedIndex>;
}

const keysOnly = "KEYS_ONLY" as const;

export const releasedTables: Record<string, ReleasedTable> = {
  DwippsTableTable: {
    hashKey: "pk",
    rangeKey: "sk",
    keyTypes: {
      pk: "S",
      sk: "S",
      gsi1pk: "S",
      gsi1sk: "S",
      gsi2pk: "S",
      gsi2sk: "S",
      gsi3pk: "S",
      gsi4pk: "S",
      rank: "S",
    },
    indexes: {
      feed: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: keysOnly },
      byAuthor: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projectionType: keysOnly },
      topAll: { hashKey: "gsi1pk", rangeKey: "rank", projectionType: keysOnly },
      topDay: { hashKey: "gsi3pk", rangeKey: "rank", projectionType: keysOnly },
      topHour: { hashKey: "gsi4pk", rangeKey: "rank", projectionType: keysOnly },
    },
  },
  FavoritesTableTable: {
    hashKey: "pk",
    rangeKey: "sk",
    keyTypes: { pk: "S", sk: "S", gsi1pk: "S", gsi1sk: "S", gsi2pk: "S", gsi2sk: "S" },
    indexes: {
      byUser: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: "ALL" },
      byDwipp: { hashKey: "gsi2pk", rangeKey: "gsi2sk", projectionType: "ALL" },
    },
  },
  NotificationsTableTable: {
    hashKey: "pk",
    rangeKey: "sk",
    keyTypes: { pk: "S", sk: "S", gsi1pk: "S", gsi1sk: "S" },
    indexes: {
      byActedAt: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projectionType: "ALL" },
    },
  },
  BudgetsTableTable: {
    hashKey: "pk",
    rangeKey: "sk",
    keyTypes: { pk: "S", sk: "S" },
    indexes: {},
  },
};

const sameIndex = (a: ReleasedIndex, b: ReleasedIndex) =>
  a.hashKey === b.hashKey && a.rangeKey === b.rangeKey && a.projectionType === b.projectionType;
const describe = (index: ReleasedIndex) =>
  `${index.hashKey}${index.rangeKey ? ` / ${index.rangeKey}` : ""}, ${index.projectionType}`;

/**
 * What a deploy of `deployed` would do to the released tables that DynamoDB cannot do in place, and
 * what is missing from the record, each in words; none when the two agree.
 */
export function unreleasedChanges(
  deployed: Record<string, ReleasedTable>,
  released: Record<string, ReleasedTable> = releasedTables,
): string[] {
  const found: string[] = [];
  for (const [name, was] of Object.entries(released)) {
    const now = deployed[name];
    if (!now) {
      found.push(
        `${name} is released and gone from the program: a deploy deletes it, items and all`,
      );
      continue;
    }
    for (const key of ["hashKey", "rangeKey"] as const) {
      if (now[key] !== was[key]) {
        found.push(
          `${name}'s ${key} changes (${was[key]} to ${now[key]}): a deploy replaces the table`,
        );
      }
    }
    for (const [field, type] of Object.entries(now.keyTypes)) {
      const before = was.keyTypes[field];
      if (before && before !== type) {
        found.push(
          `${name}'s key ${field} changes type (${before} to ${type}): it cannot in place`,
        );
      }
    }
    for (const [index, before] of Object.entries(was.indexes)) {
      const after = now.indexes[index];
      if (after && !sameIndex(after, before)) {
        found.push(
          `${name}'s index ${index} changes in place (${describe(before)} to ${describe(after)}): a deploy deletes and rebuilds it, its reads failing meanwhile; give the new one a new name`,
        );
      }
    }
  }
  // What the record does not hold yet, or holds no longer: recorded in the same change.
  for (const [name, now] of Object.entries(deployed)) {
    const was = released[name];
    if (!was) {
      found.push(`${name} is not in released-tables.ts: record it`);
      continue;
    }
    const heldAlike = (what: string, now: object, was: object) => {
      for (const key of Object.keys(now)) {
        if (!(key in was))
          found.push(`${name}'s ${what} ${key} is not in released-tables.ts: record it`);
      }
      for (const key of Object.keys(was)) {
        if (!(key in now))
          found.push(`${name}'s ${what} ${key} is gone: take it out of released-tables.ts`);
      }
    };
    heldAlike("index", now.indexes, was.indexes);
    heldAlike("key", now.keyTypes, was.keyTypes);
  }
  return found;
}
