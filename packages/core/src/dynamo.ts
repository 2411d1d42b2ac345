// The one DynamoDB client of the process, created once per container and reused by every request.
// Table names come from SST's links (`Resource`); the endpoint, region and credentials come from the
// environment, so the same code talks to AWS or to the local engine.
import {
  type CancellationReason,
  DynamoDBClient,
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { MAXIMUM_RETRY_DELAY, StandardRetryStrategy } from "@smithy/core/retry";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions, StandardRetryBackoffStrategy } from "@smithy/types";
import { Resource } from "sst";
import { ResendsOnKeptConnections } from "./kept-connections";
import {
  invocationBudgetLeft,
  RETRY_BUDGET_MS,
  RETRY_RESERVE_MS,
  retryBudgetLeft,
} from "./retry-budget";

export const tables = {
  get dwipps(): string {
    return Resource.Dwipps.name;
  },
  get favorites(): string {
    return Resource.Favorites.name;
  },
  get budgets(): string {
    return Resource.Budgets.name;
  },
  get notifications(): string {
    return Resource.Notifications.name;
  },
};

/**
 * The SDK's own waits between tries of a request DynamoDB throttled or could not answer: its
 * full jitter (a random share of the base doubled per try, a second's base for throttling), cut
 * to what is left of the request's retry budget. Once the budget is spent the SDK tries no more
 * and the caller gets DynamoDB's refusal, which the API answers 503; without the cut, the SDK's
 * four tries could wait up to 7 s on one throttled read.
 */
class BackoffWithinBudget implements StandardRetryBackoffStrategy {
  // The strategy sets the base before each draw: 50 ms, or a second for throttling.
  private base = 50;
  setDelayBase(delayBase: number): void {
    this.base = delayBase;
  }
  computeNextBackoffDelay(retries: number): number {
    const drawn = Math.floor(
      Math.random() * Math.min(this.base * 2 ** retries, MAXIMUM_RETRY_DELAY),
    );
    const left = invocationBudgetLeft();
    if (left === undefined) return drawn;
    // Thrown here, before any wait, the SDK gives the caller the request's last refusal.
    if (left <= 0) throw new Error("retry budget spent");
    return Math.min(drawn, left);
  }
}

/**
 * How long after its retry budget ends an invocation's last try of a request may still be waiting
 * for DynamoDB's answer: half the reserve, leaving the other half for the invocation's own answer.
 */
export const LAST_TRY_GRACE_MS = RETRY_RESERVE_MS / 2;

/** The least time a try is given, however late it starts. */
const SHORTEST_TRY_MS = 100;

/**
 * The SDK's HTTP handler, each try of a request bounded to end by `LAST_TRY_GRACE_MS` after the
 * running invocation's retry budget does. Without a bound a try waits for DynamoDB's answer as long
 * as the connection stays open: one answered late (a connection that hangs, a partition swamped)
 * held the invocation past its timeout, and the caller got API Gateway's 500 for Lambda's stop
 * where it is promised a 503. A try cut short is a `TimeoutError`, which the SDK tries again within
 * the budget and the API answers 503; one whose write had landed is an answer lost on the way,
 * which every write already survives (ADR 0057). Outside an invocation no try is bounded.
 *
 * A try reset on a connection kept from an earlier request (most often one DynamoDB closed while
 * the instance was frozen) is sent once more at once, on a new connection, before the SDK sees it
 * (`ResendsOnKeptConnections`, ADR 0064).
 */
export class TriesWithinBudget extends ResendsOnKeptConnections {
  constructor() {
    super({ throwOnRequestTimeout: true });
  }
  override handle(
    request: Parameters<NodeHttpHandler["handle"]>[0],
    options: HttpHandlerOptions = {},
  ): ReturnType<NodeHttpHandler["handle"]> {
    const left = invocationBudgetLeft();
    if (left === undefined) return super.handle(request, options);
    const requestTimeout = Math.max(left + LAST_TRY_GRACE_MS, SHORTEST_TRY_MS);
    return super.handle(request, { ...options, requestTimeout });
  }
}

export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    // Four tries, as the SDK's default for DynamoDB, its token bucket kept; only the waits differ.
    retryStrategy: new StandardRetryStrategy({
      maxAttempts: 4,
      backoff: new BackoffWithinBudget(),
    }),
    requestHandler: new TriesWithinBudget(),
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (attempt: number) => Math.random() * Math.min(1000, 20 * 2 ** attempt);

/** A batch still had unprocessed keys or items when `RETRY_BUDGET_MS` ran out: try again later. */
export class StillUnprocessedError extends Error {
  override name = "StillUnprocessedError";
  constructor(operation: string, left: number) {
    super(`${operation}: ${left} still unprocessed after ${RETRY_BUDGET_MS} ms of retries`);
  }
}

/**
 * Waits `ms` before the next try, but not past the retry budget of work begun at `started`: the
 * last try starts by the budget's end, so its two seconds stay the rest of the request's. False,
 * without waiting, once the budget is spent.
 */
async function pauseWithinBudget(started: number, ms: number): Promise<boolean> {
  const left = retryBudgetLeft(started);
  if (left <= 0) return false;
  await pause(Math.min(ms, left));
  return true;
}

/** Waits before a batch's next try, or throws once the retry budget is spent. */
async function beforeRetry(operation: string, started: number, attempt: number, left: number) {
  if (!(await pauseWithinBudget(started, jitter(attempt)))) {
    throw new StillUnprocessedError(operation, left);
  }
}
const conflictPause = (attempt: number) => Math.random() * Math.min(1000, 10 * 2 ** attempt);

/**
 * Runs `work` again, after a short random wait, while it fails with what `notNow` says is a busy
 * item's "not now" (a race lost to a transaction, a throttled partition), within the retry budget;
 * past it, or for any other failure, the failure is the caller's.
 */
async function triedAgainWhileBusy<T>(
  work: () => Promise<T>,
  notNow: (error: unknown) => boolean,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!notNow(error) || !(await pauseWithinBudget(started, conflictPause(attempt)))) {
        throw error;
      }
    }
  }
}

/** Whether a transaction was cancelled for a race on its items or a throttled partition. */
const lostARace = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === "TransactionConflict" || reason.Code === "ThrottlingError",
  );

/**
 * Runs a transaction, retrying when it lost a race with another transaction on the same items.
 * Returns the cancellation reasons when a condition failed (the caller decides what that means),
 * or undefined when the transaction committed.
 */
export async function transact(
  input: TransactWriteCommandInput,
): Promise<CancellationReason[] | undefined> {
  try {
    await triedAgainWhileBusy(() => dynamo.send(new TransactWriteCommand(input)), lostARace);
    return undefined;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (reasons.some((reason) => reason.Code === "ConditionalCheckFailed")) return reasons;
    throw error;
  }
}

/**
 * Sends a write of one item (`write`) that a transaction may be writing at the same moment:
 * DynamoDB refuses a plain write to an item in an ongoing transaction with
 * TransactionConflictException, "not now". It is tried again, within `RETRY_BUDGET_MS`, as a
 * transaction's own conflicts are; past that, the conflict is the caller's.
 */
export function writeBesideTransactions<Output>(write: () => Promise<Output>): Promise<Output> {
  return triedAgainWhileBusy(write, (error) => error instanceof TransactionConflictException);
}

type Key = Record<string, string>;

/**
 * Reads items by key across tables, however many: in batches of 100, retrying what is left within
 * `RETRY_BUDGET_MS`. Every read is strongly consistent: what it answers is what a person's last
 * write left, on AWS too.
 */
export async function batchGet(requests: Record<string, Key[]>): Promise<Record<string, Key[]>> {
  const started = Date.now();
  const found: Record<string, Key[]> = {};
  const pending: [string, Key][] = Object.entries(requests).flatMap(([table, keys]) =>
    keys.map((key): [string, Key] => [table, key]),
  );
  for (let start = 0; start < pending.length; start += 100) {
    const keysByTable = new Map<string, Key[]>();
    for (const [table, key] of pending.slice(start, start + 100)) {
      keysByTable.set(table, [...(keysByTable.get(table) ?? []), key]);
    }
    let batch: BatchGetCommandInput["RequestItems"] = Object.fromEntries(
      [...keysByTable].map(([table, Keys]) => [table, { Keys, ConsistentRead: true }]),
    );
    for (let attempt = 0; batch && Object.keys(batch).length > 0; attempt++) {
      if (attempt > 0) {
        const left = Object.values(batch).reduce(
          (sum, entry) => sum + (entry.Keys?.length ?? 0),
          0,
        );
        await beforeRetry("BatchGetItem", started, attempt, left);
      }
      const result: BatchGetCommandOutput = await dynamo.send(
        new BatchGetCommand({ RequestItems: batch }),
      );
      for (const [table, items] of Object.entries(result.Responses ?? {})) {
        found[table] = [...(found[table] ?? []), ...(items as Key[])];
      }
      batch = result.UnprocessedKeys;
    }
  }
  return found;
}

/** Deletes items by key, in batches of 25, retrying what is left within `RETRY_BUDGET_MS`. */
export async function batchDelete(table: string, keys: Key[]): Promise<void> {
  const started = Date.now();
  for (let start = 0; start < keys.length; start += 25) {
    let requests = keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await beforeRetry("BatchWriteItem", started, attempt, requests.length);
      const result = await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}
