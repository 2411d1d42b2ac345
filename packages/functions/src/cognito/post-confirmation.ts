// Cognito's post-confirmation trigger: when someone confirms their account, their profile is made.
// Cognito invokes it synchronously, again when a try has not answered within 5 s (a try given up
// on may have written already), and also after a password reset is confirmed, so making a profile
// is safe to repeat and keeps what is there.
import * as Profile from "@dwipper/core/profile";
import type { Context, PostConfirmationTriggerEvent } from "aws-lambda";
import { beginInvocation, describeFailure, logger } from "../observability";

export const handler = async (
  event: PostConfirmationTriggerEvent,
  context?: Context,
): Promise<PostConfirmationTriggerEvent> => {
  // Lambda's request id and cold start on its lines, as on every function's.
  beginInvocation(context);
  const { sub, name } = event.request.userAttributes;
  if (!sub || !name) {
    // A pool that requires `name` never sends this; refusing would fail the person's confirmation.
    logger.error("confirmed account without sub or name", { trigger: event.triggerSource });
    return event;
  }
  try {
    await Profile.ensure({ id: sub, name }, new Date());
  } catch (error) {
    logger.error("profile not made", { error: describeFailure(error) });
    throw error;
  }
  return event;
};
