// The one place that reaches into dynalite: its store, its request validation and its actions,
// called in-process and typed as narrowly as this engine uses them. dynalite is plain CommonJS
// with no types; everything past this file sees only these interfaces.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** A DynamoDB item or key in the wire format: `{ name: { S: "..." } }`. */
export type Item = Record<string, Record<string, unknown>>;
/** A request or response body in the wire format. */
export type Body = Record<string, unknown>;

type Callback<T> = (error: unknown, value?: T) => void;

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: "HASH" | "RANGE";
}

/** What dynalite keeps of a table: DynamoDB's own TableDescription. */
export interface TableDescription {
  TableName: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: Body[];
  LocalSecondaryIndexes?: Body[];
  BillingModeSummary?: Body;
  [field: string]: unknown;
}

/**
 * dynalite's lock on one key of a sub-store: `run` is called once the key is free, and `release`
 * wraps the callback that ends the work, freeing the key before it is called.
 */
type KeyLock = (
  key: string,
  run: (
    release: <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => void,
  ) => void,
) => void;

/** One table's items, as dynalite stores them (a prefixed view of the one LevelDB). */
export interface ItemDb {
  get(key: string, callback: Callback<Item | undefined>): void;
  put(key: string, value: Item, callback: (error: unknown) => void): void;
  del(key: string, callback: (error: unknown) => void): void;
  lock: KeyLock;
}

export interface Store {
  options: Record<string, unknown>;
  getItemDb(table: string): ItemDb;
  deleteItemDb(table: string, callback: (error: unknown) => void): void;
  getTable(name: string, checkStatus: boolean, callback: Callback<TableDescription>): void;
  /** Every table's description, by name. */
  tableDb: {
    put(name: string, table: TableDescription, callback: (error: unknown) => void): void;
    lock: KeyLock;
  };
  deleteIndexDb(
    kind: "global" | "local",
    table: string,
    index: string,
    callback: (error: unknown) => void,
  ): void;
  lifecycleManager?: { gracefulClose(callback: (error: unknown) => void): void };
  /** The LevelDB itself (classic-level) on disk; memory-level, without the last two, in memory. */
  db: {
    close(callback: (error: unknown) => void): void;
    compactRange?(
      start: Uint8Array,
      end: Uint8Array,
      options: { keyEncoding: "buffer" },
    ): Promise<void>;
    getProperty?(name: string): string;
  };
}

interface DbModule {
  create(options: Record<string, unknown>): Store;
  createKey(item: Item, table: TableDescription): string;
  checkConditional(data: Body, existing: Item | undefined): ServiceFailure | null | undefined;
  validateItem(item: Item, table: TableDescription): ServiceFailure | null | undefined;
  validateKey(key: Item, table: TableDescription): ServiceFailure | null | undefined;
  itemSize(item: Item): number;
  updateIndexes(
    store: Store,
    table: TableDescription,
    existing: Item | undefined,
    item: Item | undefined,
    callback: (error: unknown) => void,
  ): void;
}

interface Validation {
  types: Record<string, unknown>;
  custom?: unknown;
}

interface ValidationsModule {
  checkTypes(data: Body, types: Record<string, unknown>): Body;
  checkValidations(data: Body, types: Record<string, unknown>, custom: unknown, store: Store): void;
}

/** An answer other than 200, in the shape dynalite and this engine both use. */
export interface ServiceFailure extends Error {
  statusCode: number;
  body: Body;
}

export const db: DbModule = require("dynalite/db");
const validations: ValidationsModule = require("dynalite/validations");

/** Whether a write's condition holds for the item as it is (null when it does). */
export const conditionFails = db.checkConditional.bind(db);

// ReturnValuesOnConditionCheckFailure, which dynalite does not know: its actions check conditions
// through this module's export, so the refusal gains the item it was checked against when the
// request asked for it (`Engine.write` puts the field back after dynalite's validation drops it).
db.checkConditional = (data, existing) => {
  const failed = conditionFails(data, existing);
  if (failed && existing && data.ReturnValuesOnConditionCheckFailure === "ALL_OLD") {
    failed.body.Item = existing;
  }
  return failed;
};

/** The operations dynalite implements itself. */
export const dynaliteOperations = [
  "BatchGetItem",
  "BatchWriteItem",
  "CreateTable",
  "DeleteItem",
  "DeleteTable",
  "DescribeTable",
  "GetItem",
  "ListTables",
  "PutItem",
  "Query",
  "Scan",
  "TagResource",
  "UntagResource",
  "ListTagsOfResource",
  "UpdateItem",
  "UpdateTable",
] as const;
export type DynaliteOperation = (typeof dynaliteOperations)[number];

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

type Action = (store: Store, data: Body, callback: Callback<Body>) => void;
const actions = new Map<string, Action>();
const validationOf = new Map<string, Validation>();
for (const operation of dynaliteOperations) {
  actions.set(operation, require(`dynalite/actions/${lowerFirst(operation)}`));
  validationOf.set(operation, require(`dynalite/validations/${lowerFirst(operation)}`));
}

export function isFailure(error: unknown): error is ServiceFailure {
  return typeof error === "object" && error !== null && "statusCode" in error && "body" in error;
}

/** An error answer: `type` is the part after `#` of DynamoDB's `__type`. */
export function failure(type: string, message: string, extra: Body = {}): ServiceFailure {
  const service =
    type === "ValidationException"
      ? "com.amazon.coral.validate"
      : "com.amazonaws.dynamodb.v20120810";
  return Object.assign(new Error(message), {
    statusCode: 400,
    body: { __type: `${service}#${type}`, message, ...extra },
  });
}

export const validationError = (message: string) => failure("ValidationException", message);

/** DynamoDB Local's words for an operation neither API has. */
export const unknownOperation = () =>
  failure("UnknownOperationException", "An unknown operation was requested.");

/**
 * The key attribute of `index` that `item` holds as an empty string or binary, which DynamoDB
 * never lets into an index; undefined when there is none.
 */
export function emptyIndexKey(index: Body, item: Item | undefined): string | undefined {
  return (index.KeySchema as KeySchemaElement[]).find(({ AttributeName }) => {
    const value = item?.[AttributeName];
    return value !== undefined && (value.S === "" || value.B === "");
  })?.AttributeName;
}

// DynamoDB refuses an empty string or binary as a secondary index's key, which dynalite accepts
// (and leaves the item out of the index). Every write passes its new item through this export of
// dynalite's before anything is stored, so the refusal comes first and nothing is written.
const updateIndexes = db.updateIndexes.bind(db);
db.updateIndexes = (store, table, existing, item, callback) => {
  for (const index of [
    ...(table.GlobalSecondaryIndexes ?? []),
    ...(table.LocalSecondaryIndexes ?? []),
  ]) {
    const empty = emptyIndexKey(index, item);
    if (empty !== undefined) {
      callback(
        validationError(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${String(index.IndexName)}, IndexKey: ${empty}`,
        ),
      );
      return;
    }
  }
  updateIndexes(store, table, existing, item, callback);
};

/** Checks a request as DynamoDB would and returns it parsed (expressions included) for an action. */
export function validate(store: Store, operation: DynaliteOperation, input: Body): Body {
  const validation = validationOf.get(operation) as Validation;
  const data = validations.checkTypes(structuredClone(input), validation.types);
  validations.checkValidations(data, validation.types, validation.custom, store);
  return data;
}

/** Runs a request already validated by `validate`. */
export function act(store: Store, operation: DynaliteOperation, data: Body): Promise<Body> {
  const action = actions.get(operation) as Action;
  return new Promise((resolve, reject) => {
    action(store, data, (error, output) => (error ? reject(error) : resolve(output ?? {})));
  });
}

export function describe(store: Store, name: string): Promise<TableDescription> {
  return new Promise((resolve, reject) => {
    store.getTable(name, false, (error, table) =>
      error || !table ? reject(error) : resolve(table),
    );
  });
}

export function readItem(store: Store, table: string, key: string): Promise<Item | undefined> {
  return new Promise((resolve, reject) => {
    store.getItemDb(table).get(key, (error, item) => {
      if (error && (error as Error).name !== "NotFoundError") reject(error);
      else resolve(error ? undefined : (item ?? undefined));
    });
  });
}

/** Every item of a table (those `filter`, a Scan's own parameters, lets through), read consistently page by page. */
export async function* itemsOf(
  store: Store,
  table: string,
  filter: Body = {},
): AsyncIterable<Item> {
  let start: Item | undefined;
  do {
    const page = await act(
      store,
      "Scan",
      validate(store, "Scan", {
        TableName: table,
        ...filter,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    yield* (page.Items as Item[] | undefined) ?? [];
    start = page.LastEvaluatedKey as Item | undefined;
  } while (start);
}

/** The attributes of `item` that make up the table's primary key. */
export function keyOf(item: Item, table: TableDescription): Item {
  const key: Item = {};
  for (const { AttributeName } of table.KeySchema) {
    const value = item[AttributeName];
    if (value) key[AttributeName] = value;
  }
  return key;
}

export function openStore(options: Record<string, unknown>): Store {
  return db.create(options);
}

export function closeStore(store: Store): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error: unknown) => (error ? reject(error) : resolve());
    if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done);
    else store.db.close(done);
  });
}

/**
 * Packs an on-disk store into LevelDB's deepest level. A store whose files lie on several levels is
 * compacted by its own reads: LevelDB counts the lookups that had to open more than one file and
 * rewrites those files in the background when it sees fit, so an unchanging store keeps changing,
 * and the time of a read depends on when the last run happened to stop. Packed, and with nothing
 * written, it stays as it is. A store in memory has nothing to pack.
 */
export async function packStore(store: Store): Promise<void> {
  // Every key dynalite writes is UTF-8, which never holds the byte 0xff.
  await store.db.compactRange?.(Buffer.alloc(0), Buffer.alloc(16, 0xff), { keyEncoding: "buffer" });
}

/** How many files each level of an on-disk store holds, levels without files left out. */
export function storeLevels(store: Store): Map<number, number> {
  const levels = new Map<number, number>();
  // LevelDB's stats: a table whose rows read `level files size(MB) time read write`.
  for (const line of (store.db.getProperty?.("leveldb.stats") ?? "").split("\n")) {
    const row = /^\s*(\d+)\s+(\d+)\s/.exec(line);
    if (row && Number(row[2]) > 0) levels.set(Number(row[1]), Number(row[2]));
  }
  return levels;
}
