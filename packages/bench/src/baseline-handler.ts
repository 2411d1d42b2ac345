// The baseline function of the benchmarks: the least a DynamoDB-backed Lambda handler can be (one
// client, one GetCommand), bundled the same way as Dwipper's functions.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { table: string; key: Record<string, string> }) => {
  const result = await client.send(new GetCommand({ TableName: event.table, Key: event.key }));
  return { statusCode: 200, body: JSON.stringify(result.Item ?? null) };
};
