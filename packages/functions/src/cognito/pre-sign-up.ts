// Cognito's pre-sign-up trigger: it refuses a name nobody could read, or one that would reverse
// the text around it, before the account exists. The register form checks the same rule first;
// this is for a script that calls Cognito's SignUp itself. Cognito answers a trigger that throws
// with UserLambdaValidationException, whose message carries the trigger's words.
import { nameProblem } from "@dwipper/core/person-name";
import type { Context, PreSignUpTriggerEvent } from "aws-lambda";
import { beginInvocation, logger } from "../observability";

export const handler = async (
  event: PreSignUpTriggerEvent,
  context?: Context,
): Promise<PreSignUpTriggerEvent> => {
  // Lambda's request id and cold start on its line, as on every function's.
  beginInvocation(context);
  // The pool requires `name`: Cognito refuses a sign-up without one before it invokes this.
  const problem = nameProblem(event.request.userAttributes.name ?? "");
  if (problem) {
    // A person's mistake, not the function's: a line to count them by, at the level of a refusal.
    logger.info("sign-up refused", { trigger: event.triggerSource, problem });
    throw new Error(problem);
  }
  return event;
};
