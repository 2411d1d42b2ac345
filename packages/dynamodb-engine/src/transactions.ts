// TransactWriteItems and TransactGetItems: all or nothing across items and tables. A transaction
// takes its items for itself (one that finds an item taken is cancelled with
// `TransactionConflict`, as on AWS), checks every condition against the items as they are, and
// only when all hold applies the writes; readers of those items wait until it is done. Requests
// are checked with AWS's limits (100 actions, one action per item, 4 MB), and a
// `ClientRequestToken` makes a repeated request a no-op for ten minutes.
import { createHash } from "node:crypto";
import {
  act,
  type Body,
  conditionFails,
  db,
  failure,
  type Item,
  keyOf,
  readItem,
  type ServiceFailure,
  type TableDescription,
  validate,
  validationError,
} from "./dynalite";
import type { Engine } from "./engine";

const MAX_ACTIONS = 100;
const MAX_BYTES = 4 * 1024 * 1024;
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

type Kind = "Put" | "Update" | "Delete" | "ConditionCheck";
const kinds: Kind[] = ["ConditionCheck", "Put", "Delete", "Update"];
const operationOf = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "DeleteItem",
} as const;

interface Action {
  kind: Kind;
  table: string;
  /** The table's description and the item's key in its store. */
  place: { table: TableDescription; storeKey: string };
  /** The item put, or the key of the item changed. */
  target: Item;
  lockKey: string;
  storeKey: string;
  /** The item's primary key attributes. */
  key: Item;
  data: Body;
  returnOld: boolean;
}

interface Reason {
  Code: string;
  Message?: string;
  Item?: Item;
}

function cancelled(reasons: Reason[]): ServiceFailure {
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(", ")}]`;
  return failure("TransactionCanceledException", message, { CancellationReasons: reasons });
}

/** Cancelled because items are taken: TransactionConflict for those, None for the rest. */
const cancelledByConflicts = (conflicts: boolean[]) =>
  cancelled(
    conflicts.map((conflict) =>
      conflict
        ? { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }
        : { Code: "None" },
    ),
  );

function checkCount(items: unknown, field: string): unknown[] {
  if (!Array.isArray(items)) {
    throw validationError(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  // In DynamoDB Local's words.
  if (items.length < 1) {
    throw validationError(
      `Value [] at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (items.length > MAX_ACTIONS) {
    throw validationError(`Member must have length less than or equal to ${MAX_ACTIONS}`);
  }
  return items;
}

/** Checks each action as the single write it resembles, and finds the item it touches. */
async function parseActions(engine: Engine, items: unknown[]): Promise<Action[]> {
  const actions: Action[] = [];
  for (const entry of items) {
    const present = kinds.filter((kind) => (entry as Body | null)?.[kind] != null);
    if (present.length !== 1) {
      throw validationError("TransactItems can only contain one of Check, Put, Update or Delete");
    }
    const kind = present[0] as Kind;
    const { ReturnValuesOnConditionCheckFailure: onFailure, ...request } = (entry as Body)[
      kind
    ] as Body;
    if (kind === "ConditionCheck" && typeof request.ConditionExpression !== "string") {
      throw validationError(
        "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
      );
    }
    const data = validate(engine.store, operationOf[kind], request);
    const table = String(data.TableName);
    const whole = kind === "Put";
    const target = (whole ? data.Item : data.Key) as Item;
    const place = await engine.placeOf(table, target, whole);
    actions.push({
      kind,
      table,
      place,
      target,
      lockKey: place.lockKey,
      storeKey: place.storeKey,
      key: keyOf(target, place.table),
      data,
      returnOld: onFailure === "ALL_OLD",
    });
  }
  const seen = new Set<string>();
  for (const action of actions) {
    if (seen.has(action.lockKey)) {
      throw validationError("Transaction request cannot include multiple operations on one item");
    }
    seen.add(action.lockKey);
  }
  const bytes = actions.reduce(
    (sum, action) => sum + (action.kind === "Put" ? db.itemSize(action.data.Item as Item) : 0),
    0,
  );
  if (bytes > MAX_BYTES) throw validationError("Transaction request size exceeds 4 MB");
  return actions;
}

function fingerprint(input: Body): string {
  const { ClientRequestToken: _, ReturnConsumedCapacity: __, ...rest } = input;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}

/** A repeat of a committed request within ten minutes: true when it must do nothing. */
function repeated(engine: Engine, token: unknown, input: Body): boolean {
  if (token === undefined) return false;
  if (typeof token !== "string" || token.length < 1 || token.length > 36) {
    throw validationError(
      `1 validation error detected: Value '${String(token)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
    );
  }
  const now = engine.now();
  for (const [known, entry] of engine.tokens) {
    if (now - entry.at > TOKEN_LIFETIME_MS) engine.tokens.delete(known);
  }
  const entry = engine.tokens.get(token);
  if (!entry) return false;
  if (entry.fingerprint !== fingerprint(input)) {
    throw failure(
      "IdempotentParameterMismatchException",
      "Transaction parameters don't match the original request with the same ClientRequestToken",
    );
  }
  if (!entry.done) {
    throw failure(
      "TransactionInProgressException",
      "The transaction with the given request token is already in progress",
    );
  }
  return true;
}

/** The write an action makes, its condition already checked. */
function unconditional(data: Body): Body {
  const { _condition: _, ConditionExpression: __, Expected: ___, ...rest } = data;
  return rest;
}

export async function transactWrite(engine: Engine, input: Body): Promise<Body> {
  const items = checkCount(input.TransactItems, "transactItems");
  const token = input.ClientRequestToken;
  if (repeated(engine, token, input)) return {};
  const actions = await parseActions(engine, items);
  // A write to a partition that has spent its second cancels the whole transaction, as on AWS.
  const throttledAt = await Promise.all(
    actions.map((action) =>
      action.kind === "ConditionCheck"
        ? undefined
        : engine.exhaustedForWrite(action.table, action.place, action.target),
    ),
  );
  if (throttledAt.some(Boolean)) {
    throw cancelled(
      throttledAt.map((over) =>
        over
          ? { Code: "ThrottlingError", Message: "Throughput exceeds what one partition can take" }
          : { Code: "None" },
      ),
    );
  }
  const keys = actions.map((action) => action.lockKey);
  const conflicts = engine.locks.conflicts(keys, "write");
  if (conflicts.some(Boolean)) throw cancelledByConflicts(conflicts);
  const release = engine.locks.hold(keys, "write");
  if (typeof token === "string") {
    engine.tokens.set(token, { fingerprint: fingerprint(input), at: engine.now(), done: false });
  }
  let committed = false;
  try {
    const before = await Promise.all(
      actions.map((action) => readItem(engine.store, action.table, action.storeKey)),
    );
    const reasons: Reason[] = actions.map((action, index) => {
      const existing = before[index];
      if (!conditionFails(action.data, existing)) return { Code: "None" };
      return {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        ...(action.returnOld && existing ? { Item: existing } : {}),
      };
    });
    if (reasons.some((reason) => reason.Code !== "None")) throw cancelled(reasons);

    // The items are distinct and held: their writes go ahead together.
    const writes = actions.map((action, index) => ({ action, index }));
    const outcomes = await Promise.allSettled(
      writes.map(({ action }) =>
        action.kind === "ConditionCheck"
          ? Promise.resolve({})
          : act(engine.store, operationOf[action.kind], unconditional(action.data)),
      ),
    );
    const failedAt = outcomes.findIndex((outcome) => outcome.status === "rejected");
    if (failedAt !== -1) {
      // An update that cannot apply (a type mismatch, an item grown too large): undo the others.
      await Promise.all(
        writes.map(({ action, index }) => {
          if (index === failedAt || action.kind === "ConditionCheck") return undefined;
          const old = before[index];
          return old
            ? act(engine.store, "PutItem", { TableName: action.table, Item: old })
            : act(engine.store, "DeleteItem", { TableName: action.table, Key: action.key });
        }),
      );
      const reason = (outcomes[failedAt] as PromiseRejectedResult).reason;
      const message = reason instanceof Error ? reason.message : String(reason);
      throw cancelled(
        actions.map((_, at) =>
          at === failedAt ? { Code: "ValidationError", Message: message } : { Code: "None" },
        ),
      );
    }
    committed = true;
    return consumed(input, actions);
  } finally {
    if (typeof token === "string") {
      const entry = engine.tokens.get(token);
      if (committed && entry) entry.done = true;
      else engine.tokens.delete(token);
    }
    release();
  }
}

/** Transactions cost twice what the same single writes would. */
function consumed(input: Body, actions: Action[]): Body {
  if (input.ReturnConsumedCapacity !== "TOTAL" && input.ReturnConsumedCapacity !== "INDEXES") {
    return {};
  }
  const byTable = new Map<string, number>();
  for (const action of actions) {
    const size = action.kind === "Put" ? db.itemSize(action.data.Item as Item) : 1024;
    byTable.set(action.table, (byTable.get(action.table) ?? 0) + 2 * Math.ceil(size / 1024));
  }
  return {
    ConsumedCapacity: [...byTable].map(([TableName, units]) => ({
      TableName,
      CapacityUnits: units,
      WriteCapacityUnits: units,
    })),
  };
}

export async function transactGet(engine: Engine, input: Body): Promise<Body> {
  const items = checkCount(input.TransactItems, "transactItems");
  const gets: { table: string; lockKey: string; data: Body }[] = [];
  for (const entry of items) {
    const request = (entry as Body | null)?.Get as Body | undefined;
    if (!request) {
      throw validationError(
        "1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null",
      );
    }
    const data = validate(engine.store, "GetItem", request);
    const table = String(data.TableName);
    gets.push({ table, lockKey: await engine.lockKeyOf(table, data.Key as Item), data });
  }
  const keys = gets.map((get) => get.lockKey);
  if (new Set(keys).size !== keys.length) {
    throw validationError("Transaction request cannot include multiple operations on one item");
  }
  const conflicts = engine.locks.conflicts(keys, "read");
  if (conflicts.some(Boolean)) throw cancelledByConflicts(conflicts);
  const release = engine.locks.hold(keys, "read");
  try {
    const answers = await Promise.all(
      gets.map((get) => act(engine.store, "GetItem", { ...get.data, ConsistentRead: true })),
    );
    return { Responses: answers.map((answer) => (answer.Item ? { Item: answer.Item } : {})) };
  } finally {
    release();
  }
}
