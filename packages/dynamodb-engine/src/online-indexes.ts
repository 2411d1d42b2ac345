// Global secondary indexes added to and removed from a table that already exists, as UpdateTable's
// `GlobalSecondaryIndexUpdates` do on DynamoDB. dynalite refuses an index to create without
// throughput (which an on-demand table's never has) and does nothing with one it takes, so a table
// kept from before an index existed never got the index. Here a new index is `CREATING` while the
// table's items are copied into it, and a read of it is refused meanwhile, as DynamoDB refuses a
// read of a backfilling index; then it is `ACTIVE`. A removed index is answered `DELETING` and is
// gone at once.
import {
  type Body,
  db,
  describe,
  emptyIndexKey,
  failure,
  type Item,
  type KeySchemaElement,
  type Store,
  type TableDescription,
  validationError,
} from "./dynalite";

/** What one UpdateTable asks of a table's indexes: one to add, or one to remove. */
export type IndexChange =
  | { create: Body; attributeDefinitions: TableDescription["AttributeDefinitions"] }
  | { remove: string };

const limit = () =>
  failure(
    "LimitExceededException",
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
  );

/**
 * The index an UpdateTable adds or removes, checked as DynamoDB checks it (one at a time, a name
 * that is free or taken, key attributes that are defined); undefined when it asks neither.
 */
export function indexChangeOf(input: Body, table: TableDescription): IndexChange | undefined {
  const updates = ((input.GlobalSecondaryIndexUpdates as Body[] | undefined) ?? []).filter(
    (update) => update.Create || update.Delete,
  );
  if (updates.length === 0) return undefined;
  const indexes = table.GlobalSecondaryIndexes ?? [];
  if (updates.length > 1 || indexes.some((index) => index.IndexStatus === "CREATING")) {
    throw limit();
  }
  const [update] = updates as [Body];
  const names = indexes.map((index) => String(index.IndexName));
  if (update.Delete) {
    const name = String((update.Delete as Body).IndexName);
    if (!names.includes(name)) {
      throw failure("ResourceNotFoundException", `Requested resource not found: Index: ${name}`);
    }
    return { remove: name };
  }
  const create = update.Create as Body;
  const name = String(create.IndexName);
  const schema = create.KeySchema as KeySchemaElement[] | undefined;
  const projection = (create.Projection as Body | undefined)?.ProjectionType;
  if (
    typeof create.IndexName !== "string" ||
    !Array.isArray(schema) ||
    schema.length < 1 ||
    schema.length > 2 ||
    schema[0]?.KeyType !== "HASH" ||
    (schema[1] !== undefined && schema[1].KeyType !== "RANGE") ||
    !["ALL", "KEYS_ONLY", "INCLUDE"].includes(String(projection))
  ) {
    throw validationError(
      "One or more parameter values were invalid: an index to create needs a name, a key schema of a HASH key and an optional RANGE key, and a projection",
    );
  }
  if (names.includes(name)) {
    throw validationError(
      `One or more parameter values were invalid: Attempting to create an index which already exists: ${name}`,
    );
  }
  const given = (input.AttributeDefinitions as TableDescription["AttributeDefinitions"]) ?? [];
  const attributeDefinitions = [
    ...table.AttributeDefinitions,
    ...given.filter(
      (added) =>
        !table.AttributeDefinitions.some((known) => known.AttributeName === added.AttributeName),
    ),
  ];
  const keys = schema.map((key) => key.AttributeName);
  const undefinedKeys = keys.filter(
    (key) => !attributeDefinitions.some((known) => known.AttributeName === key),
  );
  if (undefinedKeys.length > 0) {
    throw validationError(
      `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${undefinedKeys.join(", ")}], AttributeDefinitions: [${attributeDefinitions.map((known) => known.AttributeName).join(", ")}]`,
    );
  }
  return { create, attributeDefinitions };
}

/** Refuses a Query or Scan of an index that is still being filled. */
export function refuseBackfilling(table: TableDescription, input: Body): void {
  const index = table.GlobalSecondaryIndexes?.find((entry) => entry.IndexName === input.IndexName);
  if (index?.IndexStatus === "CREATING") {
    // AWS's own words, which name no index.
    throw validationError("Cannot read from backfilling global secondary index");
  }
}

/** Changes a table's stored description under dynalite's lock for it, and returns the new one. */
function redescribe(
  store: Store,
  name: string,
  change: (table: TableDescription) => TableDescription,
): Promise<TableDescription> {
  return new Promise((resolve, reject) => {
    store.tableDb.lock(name, (release) => {
      const done = release((error: unknown, table?: TableDescription) =>
        error || !table ? reject(error) : resolve(table),
      );
      describe(store, name).then(
        (table) => {
          const changed = change(table);
          store.tableDb.put(name, changed, (error) => done(error, changed));
        },
        (error) => done(error),
      );
    });
  });
}

/**
 * Adds `index` to the table's description, `CREATING`, and returns the description as DynamoDB
 * answers it.
 */
export function describeNewIndex(
  store: Store,
  name: string,
  change: Extract<IndexChange, { create: Body }>,
): Promise<TableDescription> {
  return redescribe(store, name, (table) => ({
    ...table,
    AttributeDefinitions: change.attributeDefinitions,
    GlobalSecondaryIndexes: [
      ...(table.GlobalSecondaryIndexes ?? []),
      {
        IndexName: change.create.IndexName,
        KeySchema: change.create.KeySchema,
        Projection: change.create.Projection,
        IndexStatus: "CREATING",
        // As DynamoDB answers: not yet filling, no size until it is built, no ceiling on demand.
        Backfilling: false,
        IndexArn: `${String(table.TableArn)}/index/${String(change.create.IndexName)}`,
        ProvisionedThroughput: {
          ReadCapacityUnits: 0,
          WriteCapacityUnits: 0,
          NumberOfDecreasesToday: 0,
        },
        OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 },
      },
    ],
  }));
}

/** Marks a filled index `ACTIVE`. */
export async function activate(store: Store, name: string, indexName: string): Promise<void> {
  await redescribe(store, name, (table) => ({
    ...table,
    GlobalSecondaryIndexes: (table.GlobalSecondaryIndexes ?? []).map((index) => {
      if (index.IndexName !== indexName) return index;
      const { Backfilling: _, ...rest } = index;
      return { ...rest, IndexStatus: "ACTIVE", IndexSizeBytes: 0, ItemCount: 0 };
    }),
  }));
}

/**
 * Copies each of the table's items into the new index, each under its item's lock, so that a write
 * of the item at the same moment (which keeps the index itself from the moment the index is
 * described) is never undone by an older copy. An item whose key for the index is an empty string
 * is left out of it, as DynamoDB leaves out such a violation.
 */
export async function fill(
  store: Store,
  name: string,
  indexName: string,
  items: AsyncIterable<Item>,
): Promise<void> {
  const table = await describe(store, name);
  const index = table.GlobalSecondaryIndexes?.find((entry) => entry.IndexName === indexName);
  if (!index) return;
  const only: TableDescription = {
    ...table,
    GlobalSecondaryIndexes: [index],
    LocalSecondaryIndexes: [],
  };
  const itemDb = store.getItemDb(name);
  for await (const seen of items) {
    const key = db.createKey(seen, table);
    await new Promise<void>((resolve, reject) => {
      itemDb.lock(key, (release) => {
        const done = release((error: unknown) => (error ? reject(error) : resolve()));
        itemDb.get(key, (error, item) => {
          if (error || !item || emptyIndexKey(index, item) !== undefined) return done(undefined);
          db.updateIndexes(store, only, undefined, item, done);
        });
      });
    });
  }
}

/**
 * Removes an index from the table's description (with the attribute definitions only its keys
 * used) and its entries from the store. Returns the description as DynamoDB answers the removal:
 * the index still named, `DELETING`.
 */
export async function removeIndex(
  store: Store,
  name: string,
  indexName: string,
): Promise<TableDescription> {
  let removed: Body | undefined;
  const table = await redescribe(store, name, (described) => {
    const { GlobalSecondaryIndexes: indexes = [], ...rest } = described;
    removed = indexes.find((index) => index.IndexName === indexName);
    const left = indexes.filter((index) => index !== removed);
    const schemas = [...left, ...(rest.LocalSecondaryIndexes ?? [])].map(
      (index) => index.KeySchema as KeySchemaElement[],
    );
    const keyed = new Set([rest.KeySchema, ...schemas].flat().map((key) => key.AttributeName));
    const attributes = rest.AttributeDefinitions.filter((known) => keyed.has(known.AttributeName));
    // DynamoDB leaves the field out of a table that has no index left.
    return left.length > 0
      ? { ...rest, AttributeDefinitions: attributes, GlobalSecondaryIndexes: left }
      : { ...rest, AttributeDefinitions: attributes };
  });
  await new Promise<void>((resolve, reject) =>
    store.deleteIndexDb("global", name, indexName, (error) => (error ? reject(error) : resolve())),
  );
  const { IndexSizeBytes: _, ItemCount: __, ...going } = removed ?? {};
  return {
    ...table,
    GlobalSecondaryIndexes: [
      ...(table.GlobalSecondaryIndexes ?? []),
      { ...going, IndexStatus: "DELETING" },
    ],
  };
}
