// Per-person write budgets (API.md: 429 `rate_limited` with Retry-After). Each person has one
// counter item per minute in the Dwipps table, updated atomically, so every function instance
// shares the count; the item expires on its own. Only well-formed writes are counted.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "./actor";
import { dynamo, tables } from "./dynamo";
import { RateLimited } from "./error";

export type WriteKind = "post" | "write";

const WINDOW_MS = 60_000;

/** Default budgets per person and minute: every write, and new Dwipps among them. */
export const DEFAULT_LIMITS = { writes: 300, posts: 20 } as const;

/** The budgets in force: the defaults, or the deployment's `DWIPPER_*_PER_MINUTE` settings. */
export function limits(): { writes: number; posts: number } {
  const setting = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    writes: setting("DWIPPER_WRITES_PER_MINUTE", DEFAULT_LIMITS.writes),
    posts: setting("DWIPPER_POSTS_PER_MINUTE", DEFAULT_LIMITS.posts),
  };
}

export const limitKey = (actorId: string, window: number) => ({
  pk: `LIMIT#${actorId}`,
  sk: `MINUTE#${window}`,
});

/** Counts one write against the caller's budget, or throws RateLimited when it is spent. */
export async function spend(actor: Actor, kind: WriteKind, now = Date.now()): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  const budget = limits();
  const post = kind === "post";
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tables.dwipps,
        Key: limitKey(actor.id, window),
        UpdateExpression: `ADD writes :one${post ? ", posts :one" : ""} SET expiresAt = :expires`,
        ConditionExpression: `(attribute_not_exists(writes) OR writes < :writes)${
          post ? " AND (attribute_not_exists(posts) OR posts < :posts)" : ""
        }`,
        ExpressionAttributeValues: {
          ":one": 1,
          ":writes": budget.writes,
          ...(post ? { ":posts": budget.posts } : {}),
          ":expires": Math.ceil(((window + 2) * WINDOW_MS) / 1000),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    throw new RateLimited(
      post
        ? `You can post at most ${budget.posts} Dwipps a minute. Try again in ${retryAfter} s.`
        : `Too many changes at once. Try again in ${retryAfter} s.`,
      retryAfter,
    );
  }
}
