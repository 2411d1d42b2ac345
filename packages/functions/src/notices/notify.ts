// Subscribed to the notices topic: makes the notification each notice asks for. SNS invokes it
// asynchronously, at least once per notice; Lambda retries a failed invocation twice and then
// sends it to the failure queue (docs/decisions/0019). Making a notification is idempotent, so a
// repeated delivery makes nothing new.
import * as Notification from "@dwipper/core/notification";
import type { SNSEvent } from "aws-lambda";
import { logger } from "../observability";

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const notice = JSON.parse(record.Sns.Message) as Notification.Notice;
    const outcome = await Notification.notify(notice);
    logger.info("notice handled", { messageId: record.Sns.MessageId, outcome });
  }
}
