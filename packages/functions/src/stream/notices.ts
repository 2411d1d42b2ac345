// The notices topic (SNS): what the Dwipps stream's subscriber publishes when someone upvotes or
// favorites a Dwipp, for the notifications subscriber to make a notification of. It lives beside
// its only publisher, not in core, so that no other function's bundle carries the SNS client. One
// client per container; the topic's ARN comes from SST's link, the endpoint from the environment.
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { parse } from "@dwipper/core";
import * as Notification from "@dwipper/core/notification";
import { Resource } from "sst";

let sns: SNSClient | undefined;

export async function publish(notice: Notification.Notice): Promise<void> {
  const message = parse(Notification.Notice, notice);
  sns ??= new SNSClient({});
  await sns.send(
    new PublishCommand({
      TopicArn: Resource.Notices.arn,
      Message: JSON.stringify(message),
      MessageAttributes: { kind: { DataType: "String", StringValue: message.kind } },
    }),
  );
}
