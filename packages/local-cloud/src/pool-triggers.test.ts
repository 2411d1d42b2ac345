// The pool's triggers are run as Lambda runs them: handed Lambda's context (names, a request id of
// their own, the clock of Cognito's 5 s), in an instance handed back afterwards, within the
// account's concurrency.
import { cognitoTriggerInvocation, LAMBDA_MEMORY_MB } from "@dwipper/functions/routes";
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { HandlerBundles } from "./handler-bundles";
import { ConcurrencyLimit } from "./lambda-concurrency";
import { TimedOut } from "./lambda-timeout";
import { poolTriggerRunner } from "./pool-triggers";

describe("a pool trigger's invocation", () => {
  it("is handed Lambda's context, a request id of its own, and the time left of Cognito's wait", async () => {
    const seen: { context: Context; left: number }[] = [];
    const released: boolean[] = [];
    const bundles = {
      acquire: async () => ({
        handler: async (event: unknown, context: Context) => {
          seen.push({ context, left: context.getRemainingTimeInMillis() });
          return event;
        },
        release: (reusable: boolean) => released.push(reusable),
      }),
    } as unknown as HandlerBundles;
    // One slot: the second invocation runs only if the first gave its slot back.
    const run = poolTriggerRunner(bundles, new ConcurrencyLimit(1));
    expect(await run("cognito/pre-sign-up", { n: 1 })).toEqual({ n: 1 });
    expect(await run("cognito/pre-sign-up", { n: 2 })).toEqual({ n: 2 });

    const [first, second] = seen;
    expect(first?.context).toMatchObject({
      functionName: "cognito/pre-sign-up",
      memoryLimitInMB: String(LAMBDA_MEMORY_MB),
      invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:/),
    });
    expect(first?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.context.awsRequestId).not.toBe(first?.context.awsRequestId);
    const wait = cognitoTriggerInvocation.timeoutSeconds * 1000;
    expect(first?.left).toBeLessThanOrEqual(wait);
    expect(first?.left).toBeGreaterThan(wait - 1_000);
    expect(released).toEqual([true, true]);
  });

  it("hands back an instance stopped at its timeout as one to serve nothing more", async () => {
    const released: boolean[] = [];
    const failures = [new TimedOut("ran past its 5000 ms timeout"), new Error("the trigger threw")];
    const bundles = {
      acquire: async () => ({
        handler: async () => {
          throw failures.shift();
        },
        release: (reusable: boolean) => released.push(reusable),
      }),
    } as unknown as HandlerBundles;
    const run = poolTriggerRunner(bundles, new ConcurrencyLimit(1));
    await expect(run("cognito/pre-sign-up", {})).rejects.toBeInstanceOf(TimedOut);
    await expect(run("cognito/pre-sign-up", {})).rejects.toThrow("the trigger threw");
    // Lambda starts a timed-out environment afresh; one whose code threw serves on.
    expect(released).toEqual([false, true]);
  });
});
