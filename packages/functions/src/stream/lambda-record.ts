// A DynamoDB Streams record as Lambda hands it to a function, from the record as the Streams API
// returns it: times in epoch seconds, the source ARN added, a TTL deletion's service named in
// Lambda's spelling. Shared by the local event source mapping and the redrive of failed records,
// which both read the stream themselves.
import type { _Record as StreamRecord } from "@aws-sdk/client-dynamodb-streams";

export function toLambdaRecord(record: StreamRecord, streamArn: string, region: string) {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? region,
    dynamodb: {
      ...change,
      ApproximateCreationDateTime:
        change.ApproximateCreationDateTime instanceof Date
          ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
          : change.ApproximateCreationDateTime,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type,
            principalId: record.userIdentity.PrincipalId,
          },
        }
      : {}),
  };
}

export type LambdaRecord = ReturnType<typeof toLambdaRecord>;
