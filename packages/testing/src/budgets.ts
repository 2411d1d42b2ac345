// What a person's budget holds in its table, for tests of the API's 429s: how many reads were
// taken in a minute, whichever function instances took them (ADR 0008).

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { budgetKey } from "@dwipper/core/keys";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { tablesClient } from "./tables";

/**
 * The most reads taken from `spender`'s budget in this minute or the one before (a test that ran
 * across a minute's end spent in both); `spender` is a person's id, or `address:<ip>` for nobody.
 */
export async function mostReadsTaken(stack: StackInfo, spender: string): Promise<number> {
  const client = tablesClient(stack);
  try {
    const minute = Math.floor(Date.now() / 60_000);
    const counts = await Promise.all(
      [minute - 1, minute].map(async (window) => {
        const { Item } = await client.send(
          new GetCommand({
            TableName: stack.dynamodb.tables.budgets,
            Key: budgetKey(spender, window),
            ConsistentRead: true,
          }),
        );
        return Number(Item?.reads ?? 0);
      }),
    );
    return Math.max(...counts);
  } finally {
    client.destroy();
  }
}
