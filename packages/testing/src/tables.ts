// Direct access to a local cloud's tables, for tests that set up a state no request can make (a
// record that escaped cleanup, a Dwipp moved to one shard) or check what is stored.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { localCredentials } from "@dwipper/local-cloud/credentials";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";

export function tablesClient(stack: StackInfo): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodb.endpoint,
      region: stack.region,
      credentials: localCredentials,
    }),
  );
}
