// How much one partition may be read and written a second, as DynamoDB limits it in either
// capacity mode: a partition of a table or of a global secondary index takes at most 3,000 read
// units and 1,000 write units a second, and a request beyond that is throttled
// (`ProvisionedThroughputExceededException` with a `KeyRangeThroughputExceeded` reason; a batch
// hands such keys back unprocessed, a transaction is cancelled with `ThrottlingError`). This engine
// keeps one partition per partition key value, which DynamoDB may split further by sort key when a
// key stays hot, so it throttles no later than DynamoDB would. Each partition has a bucket of read
// units and one of write units, each filling at its limit a second and holding one second's worth.
import {
  type Body,
  db,
  failure,
  type Item,
  type ServiceFailure,
  type TableDescription,
} from "./dynalite";

/** Reads or writes: each partition's two limits are apart. */
export type Use = "Read" | "Write";

/** What a partition takes a second of each use; 0: without limit. */
export type PartitionLimits = Record<Use, number>;

/** A partition a request would spend from, and how DynamoDB names it when it throttles. */
export interface Partition {
  id: string;
  use: Use;
  /** As `TableWriteKeyRangeThroughputExceeded` or `IndexReadKeyRangeThroughputExceeded`. */
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

/** A partition of a table (`index` omitted) or of an index, for a use, by its key value. */
function partition(table: string, index: string | undefined, value: unknown, use: Use): Partition {
  const resource = index ? `table/${table}/index/${index}` : `table/${table}`;
  return {
    id: `${use}\u0000${resource}\u0000${JSON.stringify(value)}`,
    use,
    reason: `${index ? "Index" : "Table"}${use}KeyRangeThroughputExceeded`,
    resource,
  };
}

/** Read units of `bytes` read: one per 4 kB begun, half that read eventually consistently. */
export const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Write units of an item of `bytes`: one per kilobyte begun. */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** How many partitions' levels are kept before the full ones are forgotten. */
const PARTITIONS_KEPT = 10_000;

export class PartitionThroughput {
  private readonly levels = new Map<string, Level>();
  /** When full partitions were last forgotten. */
  private forgotAt = Number.NEGATIVE_INFINITY;
  /** Each table's global secondary indexes as last seen by a write's check. */
  private readonly indexes = new Map<string, IndexKey[]>();

  constructor(
    readonly limits: PartitionLimits,
    private readonly now: () => number,
  ) {}

  /** The partitions a write touches: the table's of its key, each index's its images are in. */
  writePartitions(table: TableDescription, images: (Item | undefined)[]): Partition[] {
    const indexes = this.learn(table);
    const hash = hashOf(table.KeySchema);
    const found = new Map<string, Partition>();
    for (const image of images) {
      if (!image) continue;
      const all = [
        image[hash] ? partition(table.TableName, undefined, image[hash], "Write") : undefined,
        ...indexes.map((index) =>
          image[index.hash]
            ? partition(table.TableName, index.name, image[index.hash], "Write")
            : undefined,
        ),
      ];
      for (const each of all) if (each) found.set(each.id, each);
    }
    return [...found.values()];
  }

  /** The partition a read of one partition key value reads, of the table or of an index. */
  readPartition(table: string, index: string | undefined, value: unknown): Partition {
    return partition(table, index, value, "Read");
  }

  /** The first of these partitions that has spent all it may for now, if any. */
  firstExhausted(partitions: Partition[]): Partition | undefined {
    return partitions.find(
      (each) => this.limits[each.use] > 0 && this.level(each.id, each.use).units <= 0,
    );
  }

  /** Spends what a read took from its partition. */
  chargeRead(read: Partition, units: number): void {
    this.spend(read.id, "Read", units);
  }

  /**
   * Spends what a committed change of an item costs: the larger of its sizes before and after on
   * the table's partition (twice that in a transaction), and on each index whose entry for it
   * changed, the entry's size on the partition it left and the one it entered.
   */
  chargeWrite(
    table: string,
    hashKey: string,
    before: Item | undefined,
    after: Item | undefined,
    transactional: boolean,
  ): void {
    if (this.limits.Write <= 0) return;
    const image = (after ?? before) as Item;
    const size = Math.max(before ? db.itemSize(before) : 0, after ? db.itemSize(after) : 0);
    const own = partition(table, undefined, image[hashKey], "Write");
    this.spend(own.id, "Write", writeUnits(size) * (transactional ? 2 : 1));
    for (const index of this.indexes.get(table) ?? []) {
      const was = entryOf(before, index);
      const is = entryOf(after, index);
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      for (const entry of [was, is]) {
        if (!entry) continue;
        const into = partition(table, index.name, entry[index.hash], "Write");
        this.spend(into.id, "Write", writeUnits(db.itemSize(entry)));
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
        hash: hashOf(schema),
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

  private level(id: string, use: Use): Level {
    const now = this.now();
    const known = this.levels.get(id);
    const limit = this.limits[use];
    if (!known) return { units: limit, at: now };
    const units = Math.min(limit, known.units + ((now - known.at) / 1000) * limit);
    return { units, at: now };
  }

  private spend(id: string, use: Use, units: number): void {
    if (this.limits[use] <= 0) return;
    const level = this.level(id, use);
    this.levels.set(id, { units: level.units - units, at: level.at });
    // Partitions back at their full level are forgotten: they are as good as new. Looked for at
    // most once a second (a bucket refills within one), so many partitions cost no request more.
    if (this.levels.size > PARTITIONS_KEPT && level.at - this.forgotAt >= 1_000) {
      this.forgotAt = level.at;
      for (const [known] of this.levels) {
        const knownUse: Use = known.startsWith("Read") ? "Read" : "Write";
        if (this.level(known, knownUse).units >= this.limits[knownUse]) this.levels.delete(known);
      }
    }
  }
}

/** The partition key attribute of a key schema. */
export function hashOf(schema: { AttributeName: string; KeyType: string }[]): string {
  return schema.find((key) => key.KeyType === "HASH")?.AttributeName ?? "";
}

/** What an index holds of an item: nothing when the item lacks the index's keys. */
function entryOf(item: Item | undefined, index: IndexKey): Item | undefined {
  if (!item || index.indexKeys.some((name) => !item[name])) return undefined;
  if (index.holds === "all") return item;
  return Object.fromEntries(
    index.holds.flatMap((name) => (item[name] ? [[name, item[name]]] : [])),
  );
}

/** DynamoDB's refusal of a request to a partition that has spent its second. */
export function throttled(partition: Partition, region: string, account: string): ServiceFailure {
  return failure(
    "ProvisionedThroughputExceededException",
    "Throughput exceeds what one partition can take; try again shortly, and spread requests over more partition keys if it persists.",
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
