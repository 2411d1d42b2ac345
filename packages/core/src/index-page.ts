// One page of one partition of a global secondary index, newest first: what a person's lists
// read. What the entries name is read afresh elsewhere (the index may lag its table).
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "./dynamo";

export interface IndexPartition {
  table: string;
  index: string;
  /** The index's partition key attribute and the partition's value. */
  partition: [attribute: string, value: string];
  /** The index's sort key attribute, whose values order the list. */
  order: string;
  /** The attributes the caller needs of each entry. */
  fields: string;
}

export async function newestEntries<Entry>(
  where: IndexPartition,
  before: string | undefined,
  count: number,
): Promise<Entry[]> {
  const [key, value] = where.partition;
  const result = await dynamo.send(
    new QueryCommand({
      TableName: where.table,
      IndexName: where.index,
      KeyConditionExpression: before ? "#key = :value AND #order < :before" : "#key = :value",
      ExpressionAttributeNames: { "#key": key, ...(before ? { "#order": where.order } : {}) },
      ExpressionAttributeValues: { ":value": value, ...(before ? { ":before": before } : {}) },
      ProjectionExpression: where.fields,
      ScanIndexForward: false,
      Limit: count,
    }),
  );
  return (result.Items ?? []) as Entry[];
}
