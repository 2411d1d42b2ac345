// An invocation's retry budget comes from Lambda's clock for it, and falls back to the default
// where a caller gives no clock.
import { RETRY_BUDGET_MS, RETRY_RESERVE_MS } from "@dwipper/core/retry-budget";
import { lambdaContext } from "@dwipper/local-cloud/lambda-context";
import { describe, expect, it } from "vitest";
import { retryBudgetOf } from "./invocation-budget";

const endingIn = (ms: number) =>
  lambdaContext({ functionName: "f", awsRequestId: "r", deadline: Date.now() + ms });

describe("retryBudgetOf", () => {
  it("is the invocation's time left less the time kept to answer", () => {
    const budget = retryBudgetOf(endingIn(10_000));
    expect(budget).toBeLessThanOrEqual(10_000 - RETRY_RESERVE_MS);
    expect(budget).toBeGreaterThan(10_000 - RETRY_RESERVE_MS - 100);
  });

  it("is nothing once the invocation is within its reserve of its end", () => {
    expect(retryBudgetOf(endingIn(RETRY_RESERVE_MS - 500))).toBe(0);
  });

  it("is the default for a call that gives no clock", () => {
    expect(retryBudgetOf(undefined)).toBe(RETRY_BUDGET_MS);
    expect(retryBudgetOf({ functionName: "f" } as never)).toBe(RETRY_BUDGET_MS);
  });
});
