// Cognito waits 5 s for the post-confirmation trigger. When DynamoDB keeps putting off the
// profile's write, the trigger must give up and say so within that wait, rather than be stopped
// at its timeout with nothing logged of why.
import { TransactionConflictException } from "@aws-sdk/client-dynamodb";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { cognitoTriggerInvocation } from "../routes";

let trigger: typeof import("./post-confirmation");
let core: typeof import("@dwipper/core/dynamo");

beforeAll(async () => {
  vi.stubEnv("SST_RESOURCE_Dwipps", JSON.stringify({ name: "dwipps" }));
  core = await import("@dwipper/core/dynamo");
  trigger = await import("./post-confirmation");
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const confirmed = {
  triggerSource: "PostConfirmation_ConfirmSignUp",
  request: {
    userAttributes: { sub: "5b6f0f7e-0b0a-4c59-9b1a-6b8f3c1d2e4f", name: "Ada" },
  },
} as unknown as PostConfirmationTriggerEvent;

it("gives up on a profile write DynamoDB keeps putting off within Cognito's wait", async () => {
  // The longest waits the jitter can draw.
  vi.spyOn(Math, "random").mockReturnValue(0.999_999);
  const started = Date.now();
  const tries: number[] = [];
  vi.spyOn(core.dynamo, "send").mockImplementation(async () => {
    tries.push(Date.now() - started);
    throw new TransactionConflictException({ message: "Transaction is ongoing", $metadata: {} });
  });
  const outcome = trigger.handler(confirmed).then(
    () => ({ error: undefined, after: Date.now() - started }),
    (error: unknown) => ({ error, after: Date.now() - started }),
  );
  await vi.advanceTimersByTimeAsync(core.RETRY_BUDGET_MS + 5_000);
  const { error, after } = await outcome;
  expect(error).toBeInstanceOf(TransactionConflictException);
  expect(tries.length).toBeGreaterThan(1);
  expect(Math.max(...tries)).toBeLessThanOrEqual(trigger.TRIGGER_RETRY_BUDGET_MS);
  expect(after).toBeLessThanOrEqual(trigger.TRIGGER_RETRY_BUDGET_MS);
  expect(after).toBeLessThan(cognitoTriggerInvocation.timeoutSeconds * 1000);
});
