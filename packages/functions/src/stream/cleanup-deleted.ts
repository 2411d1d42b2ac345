// Subscribed to the Dwipps table's stream: when a Dwipp becomes a tombstone, its upvote and
// favorite records are removed, off the request path that deleted it.

import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Dwipp } from "@dwipper/core";
import type { DynamoDBStreamEvent } from "aws-lambda";

type Image = Parameters<typeof unmarshall>[0];

/** The ids of Dwipps this batch of changes deleted. */
export function deletedDwippIds(event: DynamoDBStreamEvent): string[] {
  const ids = new Set<string>();
  for (const record of event.Records) {
    if (record.eventName !== "MODIFY" || !record.dynamodb?.NewImage) continue;
    const now = unmarshall(record.dynamodb.NewImage as Image);
    const before = record.dynamodb.OldImage ? unmarshall(record.dynamodb.OldImage as Image) : {};
    if (now.sk === "DWIPP" && now.deletedAt && !before.deletedAt) ids.add(String(now.id));
  }
  return [...ids];
}

export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const id of deletedDwippIds(event)) await Dwipp.purgeRecords(id);
};
