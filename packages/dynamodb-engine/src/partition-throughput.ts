// How much one partition may be written a second, as DynamoDB limits it in either capacity mode: a
// partition of a table or of a global secondary index takes at most 1,000 write units a second, and
// a write beyond that is throttled (`ProvisionedThroughputExceededException` with a
// `KeyRangeThroughputExceeded` reason; a transaction is cancelled with `ThrottlingError`). This
// engine keeps one partition per partition key value, which DynamoDB may split further by sort key
// when a key stays hot, so it throttles no later than DynamoDB would. Each partition is a bucket of
// write units that fills at the limit per second and holds one second's worth.
import {
  type Body,
  db,
  failure,
  type Item,
  type ServiceFailure,
  type TableDescription,
} from "./dynalite";

/** A partition a write would spend from, and how DynamoDB names it when it throttles. */
export interface Partition {
  id: string;
  /** `TableWriteKeyRangeThroughputExceeded` or `IndexWriteKeyRangeThroughputExceeded`. */
  reason: string;
  /** The table's or the index's name as an ARN ends: `table/T` or `table/T/index/I`. */
  resource: string;
}

/** What a write's charge needs of a global secondary index. */
interface IndexKey {
  name: string;
  /** The index's partition key attribute. */
  hash: string;
  /** The index's own key attributes: an item lacking one is not in the index. */
  indexKeys: string[];
  /** What an entry holds: every attribute, or these (the table's and index's keys, and any named). */
  holds: "all" | string[];
}

interface Level {
  units: number;
  at: number;
}

const partitionId = (resource: string, value: unknown) =>
  `${resource}\u0000${JSON.stringify(value)}`;

/** Write units of an item of `bytes`: one per kilobyte begun. */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export class PartitionThroughput {
  private readonly levels = new Map<string, Level>();
  /** Each table's global secondary indexes as last seen by a write's check. */
  private readonly indexes = new Map<string, IndexKey[]>();

  constructor(
    readonly writeUnitsPerSecond: number,
    private readonly now: () => number,
  ) {}

  /** The partitions a write touches: the table's of its key, each index's its images are in. */
  partitionsOf(table: TableDescription, images: (Item | undefined)[]): Partition[] {
    const indexes = this.learn(table);
    const name = table.TableName;
    const hash = table.KeySchema.find((key) => key.KeyType === "HASH")?.AttributeName ?? "";
    const found = new Map<string, Partition>();
    for (const image of images) {
      if (!image) continue;
      if (image[hash]) {
        const resource = `table/${name}`;
        const id = partitionId(resource, image[hash]);
        found.set(id, { id, reason: "TableWriteKeyRangeThroughputExceeded", resource });
      }
      for (const index of indexes) {
        if (!image[index.hash]) continue;
        const resource = `table/${name}/index/${index.name}`;
        const id = partitionId(resource, image[index.hash]);
        found.set(id, { id, reason: "IndexWriteKeyRangeThroughputExceeded", resource });
      }
    }
    return [...found.values()];
  }

  /** The first of these partitions that has spent all it may for now, if any. */
  firstExhausted(partitions: Partition[]): Partition | undefined {
    return partitions.find((partition) => this.level(partition.id).units <= 0);
  }

  /**
   * Spends what a committed change of an item costs: the larger of its sizes before and after on
   * the table's partition (twice that in a transaction), and on each index whose entry for it
   * changed, the entry's size on the partition it left and the one it entered.
   */
  charge(
    table: string,
    hashKey: string,
    before: Item | undefined,
    after: Item | undefined,
    transactional: boolean,
  ): void {
    const image = (after ?? before) as Item;
    const size = Math.max(before ? db.itemSize(before) : 0, after ? db.itemSize(after) : 0);
    this.spend(
      partitionId(`table/${table}`, image[hashKey]),
      writeUnits(size) * (transactional ? 2 : 1),
    );
    for (const index of this.indexes.get(table) ?? []) {
      const was = entryOf(before, index);
      const is = entryOf(after, index);
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      const resource = `table/${table}/index/${index.name}`;
      for (const entry of [was, is]) {
        if (entry)
          this.spend(partitionId(resource, entry[index.hash]), writeUnits(db.itemSize(entry)));
      }
    }
  }

  private learn(table: TableDescription): IndexKey[] {
    const names = (keys: unknown) =>
      (keys as { AttributeName: string }[]).map((key) => key.AttributeName);
    const indexes = (table.GlobalSecondaryIndexes ?? []).map((index): IndexKey => {
      const schema = index.KeySchema as { AttributeName: string; KeyType: string }[];
      const projection = (index.Projection ?? {}) as Body;
      return {
        name: String(index.IndexName),
        hash: schema.find((key) => key.KeyType === "HASH")?.AttributeName ?? "",
        indexKeys: names(schema),
        holds:
          projection.ProjectionType === "ALL"
            ? "all"
            : [
                ...names(table.KeySchema),
                ...names(schema),
                ...((projection.NonKeyAttributes as string[] | undefined) ?? []),
              ],
      };
    });
    this.indexes.set(table.TableName, indexes);
    return indexes;
  }

  private level(id: string): Level {
    const now = this.now();
    const known = this.levels.get(id);
    const limit = this.writeUnitsPerSecond;
    if (!known) return { units: limit, at: now };
    const units = Math.min(limit, known.units + ((now - known.at) / 1000) * limit);
    return { units, at: now };
  }

  private spend(id: string, units: number): void {
    const level = this.level(id);
    this.levels.set(id, { units: level.units - units, at: level.at });
    // Partitions back at their full level are forgotten: they are as good as new.
    if (this.levels.size > 10_000) {
      for (const [known] of this.levels) {
        if (this.level(known).units >= this.writeUnitsPerSecond) this.levels.delete(known);
      }
    }
  }
}

/** What an index holds of an item: nothing when the item lacks the index's keys. */
function entryOf(item: Item | undefined, index: IndexKey): Item | undefined {
  if (!item || index.indexKeys.some((name) => !item[name])) return undefined;
  if (index.holds === "all") return item;
  return Object.fromEntries(
    index.holds.flatMap((name) => (item[name] ? [[name, item[name]]] : [])),
  );
}

/** DynamoDB's refusal of a write to a partition that has spent its second. */
export function throttled(partition: Partition, region: string, account: string): ServiceFailure {
  return failure(
    "ProvisionedThroughputExceededException",
    "Throughput exceeds what one partition can take; try again shortly, and spread writes over more partition keys if it persists.",
    {
      ThrottlingReasons: [
        {
          reason: partition.reason,
          resource: `arn:aws:dynamodb:${region}:${account}:${partition.resource}`,
        },
      ],
    },
  );
}
