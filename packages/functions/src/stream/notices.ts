// The notices topic (SNS): what the Dwipps stream's notice subscriber publishes when someone upvotes
// or favorites a Dwipp, for the notifications subscriber to make a notification of (which checks
// the notice's shape on arrival). It lives beside its only publisher, not in core, so that no other
// function's bundle carries the SNS client. One client per container; the topic's ARN comes from
// SST's link, the endpoint from the environment.
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ResendsOnKeptConnections } from "@dwipper/core/kept-connections";
import type * as Notification from "@dwipper/core/notification";
import { Resource } from "sst";

let sns: SNSClient | undefined;

export async function publish(notice: Notification.Notice): Promise<void> {
  sns ??= new SNSClient({ requestHandler: new ResendsOnKeptConnections() });
  await sns.send(
    new PublishCommand({
      TopicArn: Resource.Notices.arn,
      Message: JSON.stringify(notice),
      MessageAttributes: { kind: { DataType: "String", StringValue: notice.kind } },
    }),
  );
}
