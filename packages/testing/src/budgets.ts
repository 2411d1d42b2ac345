// For tests of the API's 429s: what a person's budget holds in its table (how many reads were
// taken in a minute, whichever function instances took them, ADR 0008), a budget mostly spent
// before a test reads, a burst kept within one of the budget's minutes, and reads sent until the
// budget refuses one.

import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
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

/** How many reads a test of the refusal leaves in a budget: blocks for several instances. */
export const READS_LEFT = 40;

/**
 * Records `reads` of `spender`'s budget as taken already, in this minute and the next, so that a
 * test of the refusal sends only the rest through the routes, not a whole minute's budget (600
 * reads took up to 30 s beside another stack); a minute that ends while it reads starts from the
 * same count. The routes take their reads on top of it as they would on top of a person's own.
 */
export async function readsTakenAlready(
  stack: StackInfo,
  spender: string,
  reads: number,
): Promise<void> {
  const client = tablesClient(stack);
  try {
    const minute = Math.floor(Date.now() / 60_000);
    await Promise.all(
      [minute, minute + 1].map((window) =>
        client.send(
          new PutCommand({
            TableName: stack.dynamodb.tables.budgets,
            Item: { ...budgetKey(spender, window), reads },
          }),
        ),
      ),
    );
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

/** What `readUntilRefused` saw: how many reads were answered, and the first refusal, if any. */
export interface ReadsUntilRefused<Answer> {
  answered: number;
  refusal?: Answer;
}

/**
 * Sends `read` 25 at a time until one is refused with 429, or until 1,300 were answered: past two
 * minutes' budget of 600, since the count may start afresh once if a minute ends while this runs.
 * Every answer must have `expected` status or be the refusal; any other throws. The reads are spread
 * over the function's instances, each of which may hold reads it took and did not serve when the
 * count runs out (ADR 0008): the refusal comes once every read of the minute is taken, though fewer
 * may have been answered.
 */
export async function readUntilRefused<Answer>(
  read: () => Promise<Answer>,
  statusOf: (answer: Answer) => number,
  expected: number,
): Promise<ReadsUntilRefused<Answer>> {
  const seen: ReadsUntilRefused<Answer> = { answered: 0 };
  while (!seen.refusal && seen.answered < 1_300) {
    const batch = await Promise.all(Array.from({ length: 25 }, read));
    for (const answer of batch) {
      const status = statusOf(answer);
      if (status === 429) seen.refusal ??= answer;
      else if (status === expected) seen.answered++;
      else throw new Error(`answered ${status}, not ${expected} or 429`);
    }
  }
  return seen;
}
