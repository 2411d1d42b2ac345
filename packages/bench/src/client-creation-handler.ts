// P2's breakdown: what creating the functions' DynamoDB client costs in a fresh process, once the
// SDK is loaded. Core creates its one client while its module is evaluated
// (`packages/core/src/dynamo.ts`); this module creates it the same way, times only that, and
// answers the time.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const started = performance.now();
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const creationMs = performance.now() - started;

export const handler = async () => ({
  statusCode: 200,
  body: JSON.stringify({ creationMs, region: await client.config.region() }),
});
