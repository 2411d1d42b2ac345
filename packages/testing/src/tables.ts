// Direct access to a local cloud's tables, for tests that set up a state no request can make (a
// record that escaped cleanup, a Dwipp moved to one shard) or check what is stored.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
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

/** Every item a query finds through `client`, read page after page to the last. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
