// Subscribed to the notices topic: makes the notification each notice asks for. SNS invokes it
// asynchronously, at least once per notice; Lambda retries a failed invocation twice and then
// sends it to the failure queue (docs/decisions/0019). Making a notification is idempotent, so a
// repeated delivery makes nothing new. Its retries end before its invocation does, so a notice
// DynamoDB keeps putting off fails with its reason logged, not a timeout, and is tried again the
// same way.
import * as Notification from "@dwipper/core/notification";
import type { Context, SNSEvent } from "aws-lambda";
import { withinInvocation } from "../invocation-budget";
import { beginInvocation, logger } from "../observability";

export const handler = (event: SNSEvent, context?: Context): Promise<void> => {
  // Lambda's request id and cold start on its lines, as on every function's.
  beginInvocation(context);
  return withinInvocation(context, async () => {
    for (const record of event.Records) {
      const notice = JSON.parse(record.Sns.Message) as Notification.Notice;
      const outcome = await Notification.notify(notice);
      logger.info("notice handled", { messageId: record.Sns.MessageId, outcome });
    }
  });
};
