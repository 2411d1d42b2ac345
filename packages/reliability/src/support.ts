// What the reliability tests share: many real users, requests whose responses may be lost, and a
// look straight into DynamoDB to compare what the API says with what is stored.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { dwippKey, dwippPartition, indexes, kindInDwippPartition } from "@dwipper/core/keys";
import { API_INTEGRATION_TIMEOUT_SECONDS } from "@dwipper/functions/routes";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { queryAll } from "@dwipper/testing/tables";
import { callApi, type TestUser } from "@dwipper/testing/users";
import { inject } from "vitest";

export type Reply = Awaited<ReturnType<typeof callApi>>;

/** The API's answer when it cannot finish in time: 503 `unavailable`, with when to try again. */
export function isUnavailable(reply: Reply): boolean {
  const error = (reply.json as { error?: { code?: string } } | undefined)?.error;
  return (
    reply.status === 503 &&
    error?.code === "unavailable" &&
    Boolean(reply.headers.get("retry-after"))
  );
}

/**
 * How long a client waits for an answer: as long as API Gateway may take to give one (its
 * integration's timeout, after which it answers 503 itself), and a little more. A request still
 * unanswered then ("timed out") is a gateway that broke its own limit. How fast the answers come
 * is the bench's to measure, not a test's to assert.
 */
const ANSWER_WITHIN_MS = API_INTEGRATION_TIMEOUT_SECONDS * 1000 + 5_000;

/**
 * One request as `user`. With `loseAfterMs` the client gives up on the response after that long,
 * as a dropped connection would make it: the server may or may not have acted ("lost").
 */
export async function send(
  stack: StackInfo,
  user: TestUser,
  method: string,
  path: string,
  options: { body?: unknown; loseAfterMs?: number; timeoutMs?: number } = {},
): Promise<Reply | "lost" | "timed out"> {
  const controller = new AbortController();
  let outcome: "lost" | "timed out" | undefined;
  const timers = [
    options.loseAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          outcome = "lost";
          controller.abort();
        }, options.loseAfterMs),
    setTimeout(() => {
      outcome ??= "timed out";
      controller.abort();
    }, options.timeoutMs ?? ANSWER_WITHIN_MS),
  ];
  try {
    return await callApi(stack, method, path, {
      token: user.idToken,
      body: options.body,
      signal: controller.signal,
    });
  } catch (error) {
    if (outcome) return outcome;
    throw error;
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

/** `author` posts one Dwipp per content, in order; returns their ids. */
export async function postDwipps(
  stack: StackInfo,
  author: TestUser,
  contents: string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const content of contents) {
    const created = await send(stack, author, "POST", "/dwipps", { body: { content } });
    if (typeof created === "string") throw new Error(`posting was ${created}`);
    if (created.status !== 201) throw new Error(`posting answered ${created.status}`);
    ids.push((created.json as { id: string }).id);
  }
  return ids;
}

/**
 * Whether the Dwipps stream's cleanup has caught up with now: `voter` upvotes a fresh Dwipp of
 * `author`'s and `author` deletes it, and the cleanup removes the upvote only once it has followed
 * every change before it (the local stream is one shard, delivered in order). Returns how many of
 * the Dwipp's records are left when it gave up waiting (0: caught up) and how long it waited.
 */
export async function cleanupCaughtUp(
  stack: StackInfo,
  author: TestUser,
  voter: TestUser,
  withinMs: number,
): Promise<{ leftovers: number; waitedMs: number }> {
  const [probe = ""] = await postDwipps(stack, author, ["Has the cleanup caught up?"]);
  const upvoted = await send(stack, voter, "PUT", `/dwipps/${probe}/upvote`);
  const deleted = await send(stack, author, "DELETE", `/dwipps/${probe}`);
  if (typeof upvoted === "string" || typeof deleted === "string" || deleted.status !== 204) {
    throw new Error("the probe's upvote or deletion was not answered");
  }
  const started = Date.now();
  let leftovers = Number.POSITIVE_INFINITY;
  while (leftovers > 0 && Date.now() - started < withinMs) {
    const entry = await ledger(probe);
    leftovers = entry.upvoters.size + entry.favoriters.size;
    if (leftovers > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { leftovers, waitedMs: Date.now() - started };
}

let documents: DynamoDBDocumentClient | undefined;
const db = () => {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return documents;
};

/** What DynamoDB holds for a Dwipp: its counters and the records they count. */
export interface Ledger {
  exists: boolean;
  content?: string;
  upvotes: number;
  favorites: number;
  upvoters: Set<string>;
  favoriters: Set<string>;
}

export async function ledger(dwippId: string): Promise<Ledger> {
  const { tables } = inject("stack").dynamodb;
  const [item, upvotes, favorites] = await Promise.all([
    db().send(
      new GetCommand({
        TableName: tables.dwipps,
        Key: dwippKey(dwippId),
        ConsistentRead: true,
      }),
    ),
    queryAll(db(), {
      TableName: tables.dwipps,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": dwippPartition(dwippId) },
      ConsistentRead: true,
    }),
    queryAll(db(), {
      TableName: tables.favorites,
      IndexName: indexes.favorites.byDwipp,
      KeyConditionExpression: "gsi2pk = :dwipp",
      ExpressionAttributeValues: { ":dwipp": dwippPartition(dwippId) },
    }),
  ]);
  const live = item.Item && item.Item.deletedAt === undefined;
  return {
    exists: Boolean(live),
    content: live ? String(item.Item?.content) : undefined,
    upvotes: Number(item.Item?.upvotes ?? 0),
    favorites: Number(item.Item?.favorites ?? 0),
    upvoters: new Set(
      upvotes
        .filter((record) => kindInDwippPartition(String(record.sk)) === "upvote")
        .map((record) => String(record.userId)),
    ),
    favoriters: new Set(favorites.map((record) => String(record.userId))),
  };
}

/** Differences between the counters and the records they count (0 when they agree). */
export function countDrift(entry: Ledger): number {
  return (
    Math.abs(entry.upvotes - entry.upvoters.size) +
    Math.abs(entry.favorites - entry.favoriters.size)
  );
}

/** A small deterministic random source, so a failing run can be replayed. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
