// Cognito's post-confirmation trigger: when someone confirms their account, their profile is made.
// Cognito invokes it synchronously, again when a try has not answered within 5 s (a try given up
// on may have written already), and also after a password reset is confirmed, so making a profile
// is safe to repeat and keeps what is there. Its retries end in time for it to answer within
// those 5 s, so a failure is its own, logged, not a timeout.
import { TIME_TO_ANSWER_MS, withinOneRetryBudget } from "@dwipper/core/dynamo";
import * as Profile from "@dwipper/core/profile";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { describeFailure, logger } from "../observability";
import { cognitoTriggerInvocation } from "../routes";

/** How long the trigger may retry what DynamoDB puts off: Cognito's wait, less time to answer. */
export const TRIGGER_RETRY_BUDGET_MS =
  cognitoTriggerInvocation.timeoutSeconds * 1000 - TIME_TO_ANSWER_MS;

export const handler = async (
  event: PostConfirmationTriggerEvent,
): Promise<PostConfirmationTriggerEvent> => {
  const { sub, name } = event.request.userAttributes;
  if (!sub || !name) {
    // A pool that requires `name` never sends this; refusing would fail the person's confirmation.
    logger.error("confirmed account without sub or name", { trigger: event.triggerSource });
    return event;
  }
  try {
    await withinOneRetryBudget(
      () => Profile.ensure({ id: sub, name }, new Date()),
      TRIGGER_RETRY_BUDGET_MS,
    );
  } catch (error) {
    logger.error("profile not made", { error: describeFailure(error) });
    throw error;
  }
  return event;
};
