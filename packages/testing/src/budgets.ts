// For tests of the API's 429s: what a person's budget holds in its table (how many reads were
// taken in a minute, whichever function instances took them, ADR 0008), and a burst kept within
// one of the budget's minutes.

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

/**
 * Returns at once when the clock's minute has `needed` ms left, else once the next minute begins.
 * A person's budget is counted per clock minute (ADR 0008), so a test that spends it to the limit
 * in one burst must spend it within one minute: a burst across a minute's end has its count start
 * afresh partway, and more is answered than the limit.
 */
export async function inOneMinute(needed = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needed) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
