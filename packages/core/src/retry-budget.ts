// How long an invocation's work may go on trying again what DynamoDB put off, and how much of it is
// left. Apart from the DynamoDB client (dynamo.ts), so that a function that keeps the budget but
// sends DynamoDB nothing (the notices' publisher) does not load the client with it.

/**
 * What an invocation keeps of its time after its retries end: for its last try, and for its answer
 * (a route's 503, a batch's report of the records it could not finish), so that whoever invoked it
 * hears "not now", never a timeout.
 */
export const RETRY_RESERVE_MS = 2_000;

/**
 * How long core tries again what DynamoDB put off, where no invocation says how long it has left: a
 * transaction that lost a race on a busy item or was throttled (DynamoDB cancels every transaction
 * but one that touch an item at the same moment, so many people upvoting one Dwipp at once need
 * many tries), and a batch's keys or items left unprocessed on a throttled partition. The
 * functions' 10 s timeout less `RETRY_RESERVE_MS` (`api-handler.test.ts` holds it to the
 * functions' `LAMBDA_TIMEOUT_SECONDS`).
 */
export const RETRY_BUDGET_MS = 8_000;

/**
 * When the retry budget of the invocation this instance is running ends, if it is running one.
 * Lambda gives an instance one invocation at a time (so does the local cloud, ADR 0033), so one
 * value per module serves; an `AsyncLocalStorage` would do the same for every promise's cost.
 */
let budgetEndsAt: number | undefined;

/** What is left of the running invocation's retry budget; undefined when none is running. */
export const invocationBudgetLeft = (): number | undefined =>
  budgetEndsAt === undefined ? undefined : budgetEndsAt - Date.now();

/**
 * Runs one invocation's work (an API request, a stream's batch) under one retry budget: every
 * retry of it, core's and the SDK's, ends by `budgetMs` after the work began, however many steps
 * it takes. Outside one (a backfill, a test's direct call), each of core's operations has a budget
 * of its own.
 */
export async function withinOneRetryBudget<T>(
  work: () => Promise<T>,
  budgetMs = RETRY_BUDGET_MS,
): Promise<T> {
  budgetEndsAt = Date.now() + budgetMs;
  try {
    return await work();
  } finally {
    budgetEndsAt = undefined;
  }
}

/** What is left of the running invocation's retry budget, or of work begun at `started` outside one. */
export function retryBudgetLeft(started = Date.now()): number {
  return invocationBudgetLeft() ?? started + RETRY_BUDGET_MS - Date.now();
}
