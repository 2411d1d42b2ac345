// The user pool's triggers, run as Lambda runs them for Cognito: in an instance of the function's
// bundle, within the account's concurrency (a throttled invocation waits for a slot, and the pool's
// wait for its trigger bounds that), and handed Lambda's context, whose request id Powertools puts
// on the trigger's log lines and whose clock counts down the trigger's timeout; an instance stopped
// at its timeout serves nothing more, as Lambda starts that environment afresh.
import { randomUUID } from "node:crypto";
import { cognitoTriggerInvocation } from "@dwipper/functions/routes";
import { type HandlerBundles, withInstance } from "./handler-bundles";
import type { ConcurrencyLimit } from "./lambda-concurrency";
import { lambdaContext } from "./lambda-context";

/** Runs the trigger built from `file` with `event`, as one invocation. */
export function poolTriggerRunner(bundles: HandlerBundles, concurrency: ConcurrencyLimit) {
  return async (file: string, event: unknown) => {
    const slot = await concurrency.start();
    try {
      return await withInstance(bundles, file, (handler) =>
        handler(
          event,
          lambdaContext({
            functionName: file,
            awsRequestId: randomUUID(),
            deadline: Date.now() + cognitoTriggerInvocation.timeoutSeconds * 1000,
          }),
        ),
      );
    } finally {
      slot();
    }
  };
}
