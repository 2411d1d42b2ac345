// The notices topic (SNS): what the Dwipps stream's subscriber publishes when someone upvotes or
// favorites a Dwipp, for the notifications subscriber to make a notification of. One client per
// container, made when first needed; the topic's ARN comes from SST's link, the endpoint from the environment.
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { Resource } from "sst";
import { parse } from "../validate";
import { Notice } from "./schema";

// Made on first use, so the functions that never publish do not load the client's setup.
let sns: SNSClient | undefined;

export async function publish(notice: Notice): Promise<void> {
  const message = parse(Notice, notice);
  sns ??= new SNSClient({});
  await sns.send(
    new PublishCommand({
      TopicArn: Resource.Notices.arn,
      Message: JSON.stringify(message),
      MessageAttributes: { kind: { DataType: "String", StringValue: message.kind } },
    }),
  );
}
