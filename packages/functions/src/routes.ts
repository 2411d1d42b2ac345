// Every function of the API and what invokes it: HTTP routes and stream subscribers.
// `stacks/api.ts` builds API Gateway and the subscriptions from this table and the local cloud
// serves from it, so the two cannot drift apart.

/** The linkable resources a function may be given (names of `Resource` entries). */
export type Link = "Dwipps" | "Favorites" | "CursorSecret";

export interface FunctionDefinition {
  /** Source file under packages/functions/src, without extension; it exports `handler`. */
  file: string;
  /** What the function may touch; it gets nothing else. */
  links: readonly Link[];
  /** Whether the function writes its tables (read-only functions get read-only access). */
  writes: boolean;
}

export interface Route extends FunctionDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
}

/** A Lambda event filter pattern, as AWS takes it (and the local poller applies it). */
export type EventFilter = Record<string, unknown>;

export interface StreamSubscriber extends FunctionDefinition {
  /** The table whose stream invokes it. */
  table: "Dwipps";
  /** Only records matching one of these invoke the function; the rest are passed over. */
  filters: readonly EventFilter[];
  /**
   * Reruns the records the subscriber gave up on, from its failure queue; its subscription to the
   * queue is off until an operator turns it on (docs/operations.md).
   */
  redrive: FunctionDefinition;
}

/**
 * How Lambda delivers a table's stream to a subscriber, on AWS (stacks/api.ts) and in the local
 * cloud alike. A batch that fails is retried from its first failed record (the subscriber reports
 * which, `ReportBatchItemFailures`), split in two when the function itself fails, tried a bounded
 * number of times, and then described in a message to the failure queue, from which it can be
 * redriven while the stream still holds it (24 hours). A new subscription starts at the oldest
 * record the stream holds, so nothing written before it existed is lost.
 */
/** How long a failure queue keeps its messages: SQS's longest, 14 days. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

export const streamDelivery = {
  startingPosition: "TRIM_HORIZON",
  batchSize: 100,
  maximumRetryAttempts: 4,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
} as const;

const read = (file: string, links: readonly Link[]) => ({ file, links, writes: false });
const write = (file: string, links: readonly Link[]) => ({ file, links, writes: true });

const bothTables = ["Dwipps", "Favorites"] as const;
const pagedLists = ["Dwipps", "Favorites", "CursorSecret"] as const;

export const routes: readonly Route[] = [
  { method: "GET", path: "/dwipps", ...read("http/list-feed", pagedLists) },
  { method: "POST", path: "/dwipps", ...write("http/create-dwipp", bothTables) },
  { method: "GET", path: "/dwipps/{id}", ...read("http/get-dwipp", bothTables) },
  { method: "PATCH", path: "/dwipps/{id}", ...write("http/edit-dwipp", bothTables) },
  { method: "DELETE", path: "/dwipps/{id}", ...write("http/delete-dwipp", ["Dwipps"]) },
  { method: "PUT", path: "/dwipps/{id}/upvote", ...write("http/set-upvote", ["Dwipps"]) },
  { method: "DELETE", path: "/dwipps/{id}/upvote", ...write("http/unset-upvote", ["Dwipps"]) },
  { method: "PUT", path: "/dwipps/{id}/favorite", ...write("http/set-favorite", bothTables) },
  { method: "DELETE", path: "/dwipps/{id}/favorite", ...write("http/unset-favorite", bothTables) },
  { method: "GET", path: "/me/dwipps", ...read("http/list-my-dwipps", pagedLists) },
  { method: "GET", path: "/me/favorites", ...read("http/list-my-favorites", pagedLists) },
];

export const streamSubscribers: readonly StreamSubscriber[] = [
  {
    table: "Dwipps",
    ...write("stream/cleanup-deleted", bothTables),
    // A Dwipp that became a tombstone, and a tombstone that expired (a second pass, when every
    // index has long caught up).
    filters: [
      { eventName: ["MODIFY"], dynamodb: { NewImage: { deletedAt: { S: [{ exists: true }] } } } },
      { eventName: ["REMOVE"], dynamodb: { OldImage: { deletedAt: { S: [{ exists: true }] } } } },
    ],
    redrive: write("stream/redrive-cleanup", bothTables),
  },
];

/**
 * API Gateway's stage throttle, shared by every caller (a token bucket: `rateLimit` requests a
 * second, bursts of up to `burstLimit`). The local gateway applies the same.
 */
export const apiThrottle = { rateLimit: 100, burstLimit: 200 } as const;

export const routeKey = (route: Route) => `${route.method} ${route.path}`;
