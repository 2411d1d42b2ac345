// What one item's write costs in DynamoDB write request units, as AWS's developer guide counts
// them: the table's write (1 unit per KB of the larger of the item before and after, twice in a
// transaction) plus each global secondary index the change touches (a put or a delete of the
// projected item, both when its index key changed, an update when only projected values did).
// The local engine answers ConsumedCapacity for tables only, so P8 counts index writes here.
import type { TableDefinition } from "@dwipper/core/table-definitions";
import { itemBytes } from "./item-size";

type Item = Record<string, unknown>;

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

function inIndex(item: Item | undefined, index: { hashKey: string; rangeKey?: string }) {
  return (
    item !== undefined &&
    item[index.hashKey] !== undefined &&
    (index.rangeKey === undefined || item[index.rangeKey] !== undefined)
  );
}

function projected(
  item: Item,
  definition: TableDefinition,
  index: TableDefinition["globalIndexes"][string],
) {
  if (index.projection !== "keys-only") return item;
  const names = [
    definition.primaryIndex.hashKey,
    definition.primaryIndex.rangeKey,
    index.hashKey,
    index.rangeKey,
  ].filter((name): name is string => name !== undefined);
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

const same = (a: Item, b: Item) =>
  JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

export function writeUnits(
  definition: TableDefinition,
  before: Item | undefined,
  after: Item | undefined,
  transactional: boolean,
): number {
  const larger = Math.max(before ? itemBytes(before) : 0, after ? itemBytes(after) : 0);
  let total = units(larger) * (transactional ? 2 : 1);
  for (const index of Object.values(definition.globalIndexes)) {
    const was = inIndex(before, index) && before ? projected(before, definition, index) : undefined;
    const is = inIndex(after, index) && after ? projected(after, definition, index) : undefined;
    if (!was && is) total += units(itemBytes(is));
    else if (was && !is) total += units(itemBytes(was));
    else if (was && is) {
      const moved =
        was[index.hashKey] !== is[index.hashKey] ||
        (index.rangeKey !== undefined && was[index.rangeKey] !== is[index.rangeKey]);
      if (moved) total += units(itemBytes(was)) + units(itemBytes(is));
      else if (!same(was, is)) total += units(Math.max(itemBytes(was), itemBytes(is)));
    }
  }
  return total;
}
