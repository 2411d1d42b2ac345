// Per-person budgets (ADR 0008: 429 `rate_limited` with Retry-After), so that one account cannot take
// the API's shared capacity from everyone else. Each person has one counter item per minute in the
// Budgets table, changed atomically, so every function instance shares the count; the item expires
// on its own. An instance takes reads in blocks, so most reads write nothing. Only well-formed
// requests are counted.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "./actor";
import { dynamo, tables } from "./dynamo";
import { RateLimited } from "./error";
import { budgetKey } from "./keys";

/** What a request spends: a read, a change, or a new Dwipp (which is also a change). */
export type Spending = "read" | "write" | "post";

const WINDOW_MS = 60_000;

/** Default budgets per person and minute: reads, every change, and new Dwipps among the changes. */
export const DEFAULT_BUDGETS = { reads: 600, writes: 300, posts: 20 } as const;

export type Budgets = { [name in keyof typeof DEFAULT_BUDGETS]: number };

/** The environment variable through which a deployment sets each budget. */
const SETTINGS: Record<keyof Budgets, string> = {
  reads: "DWIPPER_READS_PER_MINUTE",
  writes: "DWIPPER_WRITES_PER_MINUTE",
  posts: "DWIPPER_POSTS_PER_MINUTE",
};

/** The budgets in force: the defaults, or the deployment's `DWIPPER_*_PER_MINUTE` settings. */
export function budgets(): Budgets {
  const setting = (name: keyof Budgets) => {
    const value = Number(process.env[SETTINGS[name]]);
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_BUDGETS[name];
  };
  return { reads: setting("reads"), writes: setting("writes"), posts: setting("posts") };
}

/** The environment that sets these budgets, for a stage (or a local cloud) to give its functions. */
export function budgetSettings(values: Budgets): Record<string, string> {
  return {
    [SETTINGS.reads]: String(values.reads),
    [SETTINGS.writes]: String(values.writes),
    [SETTINGS.posts]: String(values.posts),
  };
}

/** Which counters a request adds one to; the first is the one its refusal speaks of. */
const counters: Record<Spending, (keyof Budgets)[]> = {
  read: ["reads"],
  write: ["writes"],
  post: ["posts", "writes"],
};

/**
 * What this instance already knows is spent: a counter never goes down within its minute, so once
 * DynamoDB has refused a person, later requests in the same minute are refused here without a
 * write. A person who keeps asking past a refusal costs nothing more than the answer.
 */
const spentHere = new Map<string, number>();
const spentKey = (actorId: string, spending: Spending) => `${spending}#${actorId}`;

function refusal(spending: Spending, budget: Budgets, window: number, now: number): RateLimited {
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  const message = {
    read: `Too many reads at once. Try again in ${retryAfter} s.`,
    write: `Too many changes at once. Try again in ${retryAfter} s.`,
    post: `You can post at most ${budget.posts} Dwipps a minute. Try again in ${retryAfter} s.`,
  }[spending];
  return new RateLimited(message, retryAfter);
}

/** Throws the refusal this instance already knows it owes, without asking DynamoDB. */
function refuseKnownSpent(actor: Actor, spending: Spending, now: number): void {
  const window = Math.floor(now / WINDOW_MS);
  if (spentHere.get(spentKey(actor.id, spending)) === window) {
    throw refusal(spending, budgets(), window, now);
  }
}

/** Counts one request against the caller's budget, or throws RateLimited when it is spent. */
export async function spend(actor: Actor, spending: Spending, now = Date.now()): Promise<void> {
  refuseKnownSpent(actor, spending, now);
  return count(actor, spending, now);
}

/**
 * How many reads an instance takes from a person's budget with one write, when that many are left
 * (ADR 0008): a person reading through one instance pays one write for up to this many reads in a
 * minute, and the reads an instance took but did not serve are not served anywhere else.
 */
export const READ_BLOCK = 10;

/** Reads this instance has taken from a person's budget for a minute and not served yet. */
interface HeldReads {
  window: number;
  left: number;
  /** The write taking more, while it is under way: every read that finds none left waits for it. */
  taking?: Promise<void>;
}
const heldReads = new Map<string, HeldReads>();
/** The newest minute `heldReads` has been cleared of older ones for: once a minute, not per person. */
let heldClearedFor = Number.NEGATIVE_INFINITY;

/** Counts one request: a read from what this instance holds, anything else with a write. */
async function count(actor: Actor, spending: Spending, now: number): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  if (spending !== "read") {
    if (!(await take(actor, counters[spending], 1, window))) throw refused(actor, spending, now);
    return;
  }
  if (window > heldClearedFor) {
    for (const [id, entry] of heldReads) if (entry.window < window) heldReads.delete(id);
    heldClearedFor = window;
  }
  for (;;) {
    let held = heldReads.get(actor.id);
    if (held?.window !== window) {
      held = { window, left: 0 };
      heldReads.set(actor.id, held);
    }
    if (held.left > 0) {
      held.left -= 1;
      return;
    }
    held.taking ??= takeReads(actor, held, now).finally(() => {
      held.taking = undefined;
    });
    await held.taking;
  }
}

/** Takes a block of reads for this instance, or the last ones one at a time; refuses when none are left. */
async function takeReads(actor: Actor, held: HeldReads, now: number): Promise<void> {
  const block = Math.min(READ_BLOCK, budgets().reads);
  for (const amount of block > 1 ? [block, 1] : [1]) {
    if (await take(actor, ["reads"], amount, held.window)) {
      held.left += amount;
      return;
    }
  }
  throw refused(actor, "read", now);
}

/**
 * Adds `amount` to the caller's counters for `window` in DynamoDB, in one conditional write that
 * succeeds only while each stays within its budget. False when one would not.
 *
 * The write names itself (`lastTake`), so that the SDK sending it again after its answer was lost
 * (ADR 0057) neither counts it twice nor takes its own first try for a spent budget: the retry is
 * refused by that name, and the item the refusal returns says the first try landed.
 */
async function take(
  actor: Actor,
  names: (keyof Budgets)[],
  amount: number,
  window: number,
): Promise<boolean> {
  const budget = budgets();
  const token = randomUUID();
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tables.budgets,
        Key: budgetKey(actor.id, window),
        // Through placeholders: `reads` is one of DynamoDB's reserved words.
        UpdateExpression: `ADD ${names.map((name) => `#${name} :amount`).join(", ")} SET expiresAt = :expires, lastTake = :token`,
        ConditionExpression: [
          ...names.map((name) => `(attribute_not_exists(#${name}) OR #${name} <= :${name})`),
          "(attribute_not_exists(lastTake) OR lastTake <> :token)",
        ].join(" AND "),
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: {
          ":amount": amount,
          // The most a counter may hold before this write for it to stay within its budget.
          ...Object.fromEntries(names.map((name) => [`:${name}`, budget[name] - amount])),
          ":expires": Math.ceil(((window + 2) * WINDOW_MS) / 1000),
          ":token": token,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return error.Item?.lastTake?.S === token;
    throw error;
  }
}

/** The refusal for a spent budget, remembered so this instance refuses the rest of the minute itself. */
function refused(actor: Actor, spending: Spending, now: number): RateLimited {
  const window = Math.floor(now / WINDOW_MS);
  for (const [key, spentIn] of spentHere) if (spentIn < window) spentHere.delete(key);
  spentHere.set(spentKey(actor.id, spending), window);
  return refusal(spending, budgets(), window, now);
}

/**
 * Runs a read while it is counted, side by side, so counting adds no wait to a read within the
 * budget. A refusal wins over the read's answer; a person this instance knows to be over budget
 * is refused before anything is read.
 */
export async function whileReading<T>(
  actor: Actor,
  reading: () => Promise<T>,
  now = Date.now(),
): Promise<T> {
  refuseKnownSpent(actor, "read", now);
  const [answer] = await Promise.all([reading(), count(actor, "read", now)]);
  return answer;
}
