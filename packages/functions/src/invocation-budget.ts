// Every function's retries end before its invocation does, by the clock Lambda gives it: what is
// left of the invocation's time (`getRemainingTimeInMillis`) less the time it keeps to answer. A
// route then answers 503 rather than time out, and a stream's batch reports the records it did not
// finish rather than be stopped whole and delivered again from its first record.
import {
  RETRY_BUDGET_MS,
  RETRY_RESERVE_MS,
  withinOneRetryBudget,
} from "@dwipper/core/retry-budget";
import type { Context } from "aws-lambda";

/** The retry budget of an invocation: its time left less `RETRY_RESERVE_MS`, or, with no clock, the default. */
export function retryBudgetOf(context: Context | undefined): number {
  const left = context?.getRemainingTimeInMillis?.();
  return left === undefined ? RETRY_BUDGET_MS : Math.max(0, left - RETRY_RESERVE_MS);
}

/** Runs one invocation's work within the retry budget its time left allows. */
export const withinInvocation = <T>(context: Context | undefined, work: () => Promise<T>) =>
  withinOneRetryBudget(work, retryBudgetOf(context));
