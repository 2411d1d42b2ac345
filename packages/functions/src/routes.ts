// Every function of the API and what invokes it: HTTP routes and stream subscribers.
// `stacks/api.ts` builds API Gateway and the subscriptions from this table and the local cloud
// serves from it, so the two cannot drift apart.

/** The linkable resources a function may be given (names of `Resource` entries). */
export type Link =
  | "Dwipps"
  | "Favorites"
  | "Budgets"
  | "Notifications"
  | "CursorSecret"
  | "Auth"
  | "Notices";

export interface FunctionDefinition {
  /** Source file under packages/functions/src, without extension; it exports `handler`. */
  file: string;
  /** What the function may touch; it gets nothing else. */
  links: readonly Link[];
  /** Whether the function writes its tables (read-only functions get read-only access). */
  writes: boolean;
  /** Tables a writing function only reads. */
  readsOnly?: readonly Link[];
}

/** An API Gateway throttle: a token bucket refilled `rateLimit` a second, holding `burstLimit`. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

export interface Route extends FunctionDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  /** The route's own throttle, shared by every caller (docs/operations.md sizes them). */
  throttle: Throttle;
  /**
   * "signed-in": API Gateway's JWT authorizer refuses a request without a valid token before the
   * function runs. "public": anyone may read; the function checks a token itself when one is sent
   * (a JWT authorizer cannot be optional: ADR 0013), and gets the pool's address through `Auth`.
   */
  access: "signed-in" | "public";
}

/** A Lambda event filter pattern, as AWS takes it (and the local poller applies it). */
export type EventFilter = Record<string, unknown>;

export interface StreamSubscriber extends FunctionDefinition {
  /** The table whose stream invokes it. */
  table: "Dwipps";
  /** Only records matching one of these invoke the function; the rest are passed over. */
  filters: readonly EventFilter[];
  /** How its records are delivered: `streamDelivery`, or what differs from it. */
  delivery: StreamDelivery;
  /**
   * Reruns the records the subscriber gave up on, from its failure queue; its subscription to the
   * queue is off until an operator turns it on (docs/operations.md). None for a subscriber that
   * never gives up on a record the stream still holds.
   */
  redrive?: FunctionDefinition;
}

/** How long a failure queue keeps its messages: SQS's longest, 14 days. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 3600;

/** How Lambda delivers a table's stream to one subscriber, on AWS and in the local cloud alike. */
export interface StreamDelivery {
  startingPosition: "TRIM_HORIZON";
  batchSize: number;
  /** Retries of a failed batch before it is described to the failure queue; -1: no bound. */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
}

/**
 * A stream subscriber's delivery unless it says otherwise (stacks/api.ts; the local cloud's
 * poller). A batch that fails is retried from its first failed record (the subscriber reports
 * which, `ReportBatchItemFailures`), split in two when the function itself fails, tried a bounded
 * number of times, and then described in a message to the failure queue, from which it can be
 * redriven while the stream still holds it (24 hours). A new subscription starts at the oldest
 * record the stream holds, so nothing written before it existed is lost.
 */
export const streamDelivery = {
  startingPosition: "TRIM_HORIZON",
  batchSize: 100,
  maximumRetryAttempts: 4,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
} as const satisfies StreamDelivery;

/** The Node.js major version every function runs on (Lambda's `nodejs22.x`), and is built for. */
export const LAMBDA_NODE_VERSION = 22;

/** What every function is given to run on: what its billed duration is priced at (the bench's P8). */
export const LAMBDA_MEMORY_MB = 512;
export const LAMBDA_ARCHITECTURE = "arm64" as const;

/**
 * How long an HTTP route's function may run before Lambda stops it; API Gateway then answers 500.
 * Core's retries of a busy transaction stop two seconds short of it.
 */
export const LAMBDA_TIMEOUT_SECONDS = 10;

/**
 * How long a stream failure queue hides a message its redrive has received: six times the
 * function's timeout, as Lambda advises for a queue a function reads, so a batch still being
 * worked on is not handed to a second instance. Lambda's poller takes the queue's own setting.
 */
export const FAILURE_VISIBILITY_SECONDS = 6 * LAMBDA_TIMEOUT_SECONDS;

/**
 * How long API Gateway waits for a route's function, its start included (Lambda's init may take up
 * to 10 s of its own before the invocation's timeout begins), before it answers 503 on its behalf:
 * an HTTP API's default and longest integration timeout.
 */
export const API_INTEGRATION_TIMEOUT_SECONDS = 30;

const read = (file: string, links: readonly Link[]) => ({ file, links, writes: false });
const write = (file: string, links: readonly Link[]) => ({ file, links, writes: true });

/**
 * Each route's throttle on API Gateway (and the local gateway). Their rates add up to 7,900
 * requests a second, well inside the account's 10,000 per Region that every stage and API of the
 * account shares; reads get the most, posting the least. One person's share is their budget
 * (core's `budget.ts`), so these only bound what all callers together may ask.
 */
export const throttles = {
  /** The feed: what every open tab reads first, and the cheapest read per Dwipp. */
  feed: { rateLimit: 2_000, burstLimit: 2_000 },
  /** Other reads: one Dwipp, a person's own lists. */
  read: { rateLimit: 500, burstLimit: 1_000 },
  /** The unread count every open tab asks for now and then, and the notifications page. */
  notifications: { rateLimit: 300, burstLimit: 600 },
  /** A Dwipp's earlier texts: read only when someone opens them. */
  history: { rateLimit: 200, burstLimit: 400 },
  /** Upvotes and favorites, set and unset: many per person and page. */
  toggle: { rateLimit: 500, burstLimit: 1_000 },
  /** Posting, editing and deleting: human-paced, and each one fans out to indexes and streams. */
  change: { rateLimit: 100, burstLimit: 200 },
} as const satisfies Record<string, Throttle>;

/** An HTTP route: every one counts its caller's requests against their budget. */
const route = (
  method: Route["method"],
  path: string,
  throttle: Throttle,
  definition: FunctionDefinition,
  access: Route["access"] = "signed-in",
): Route => ({
  method,
  path,
  throttle,
  access,
  ...definition,
  links: [...definition.links, "Budgets", ...(access === "public" ? (["Auth"] as const) : [])],
});

const bothTables = ["Dwipps", "Favorites"] as const;
const pagedLists = ["Dwipps", "Favorites", "CursorSecret"] as const;
const { feed, toggle, change } = throttles;

export const routes: readonly Route[] = [
  route("GET", "/dwipps", feed, read("http/list-feed", pagedLists), "public"),
  route("GET", "/dwipps/top", throttles.read, read("http/list-top", pagedLists), "public"),
  route("POST", "/dwipps", change, write("http/create-dwipp", bothTables)),
  route("GET", "/dwipps/{id}", throttles.read, read("http/get-dwipp", bothTables), "public"),
  route(
    "GET",
    "/dwipps/{id}/history",
    throttles.history,
    read("http/get-history", ["Dwipps"]),
    "public",
  ),
  route("PATCH", "/dwipps/{id}", change, write("http/edit-dwipp", bothTables)),
  route("DELETE", "/dwipps/{id}", change, write("http/delete-dwipp", ["Dwipps"])),
  route("PUT", "/dwipps/{id}/upvote", toggle, write("http/set-upvote", ["Dwipps"])),
  route("DELETE", "/dwipps/{id}/upvote", toggle, write("http/unset-upvote", ["Dwipps"])),
  route("PUT", "/dwipps/{id}/favorite", toggle, write("http/set-favorite", bothTables)),
  route("DELETE", "/dwipps/{id}/favorite", toggle, write("http/unset-favorite", bothTables)),
  route("GET", "/users/{id}", throttles.read, read("http/get-profile", ["Dwipps"]), "public"),
  route(
    "GET",
    "/users/{id}/dwipps",
    throttles.read,
    read("http/list-user-dwipps", pagedLists),
    "public",
  ),
  route("GET", "/me/dwipps", throttles.read, read("http/list-my-dwipps", pagedLists)),
  route("GET", "/me/favorites", throttles.read, read("http/list-my-favorites", pagedLists)),
  route(
    "GET",
    "/me/notifications",
    throttles.notifications,
    read("http/list-notifications", ["Dwipps", "Notifications", "CursorSecret"]),
  ),
  route(
    "PUT",
    "/me/notifications/read",
    change,
    write("http/read-notifications", ["Notifications"]),
  ),
];

/** The stream records that become notices: an upvote or a favorite set (docs/decisions/0019). */
export const noticeFilter = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { sk: { S: [{ prefix: "UPVOTE#" }, { prefix: "FAVORITE#" }] } } },
};

/**
 * The Dwipps stream's subscribers, two (as many as DynamoDB lets read a shard at once): what
 * follows a change, and the notices; apart, so that one failing does not hold the other up
 * (docs/decisions/0029).
 */
export const streamSubscribers: readonly StreamSubscriber[] = [
  {
    table: "Dwipps",
    ...write("stream/follow-dwipps", [...bothTables, "Notifications"]),
    // A Dwipp that became a tombstone, and a tombstone that expired (a second pass, when every
    // index has long caught up); and a Dwipp posted or changed, which may move it in Top.
    filters: [
      { eventName: ["MODIFY"], dynamodb: { NewImage: { deletedAt: { S: [{ exists: true }] } } } },
      { eventName: ["REMOVE"], dynamodb: { OldImage: { deletedAt: { S: [{ exists: true }] } } } },
      { eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { sk: { S: ["DWIPP"] } } } },
    ],
    delivery: streamDelivery,
    redrive: write("stream/redrive-follow-dwipps", [...bothTables, "Notifications"]),
  },
  {
    table: "Dwipps",
    // It reads nothing and writes only to the topic.
    ...write("stream/publish-notices", ["Notices"]),
    filters: [noticeFilter],
    // Publishing fails only while the topic cannot be reached: a record is tried again until it
    // goes through or the stream lets it go (24 hours), holding up only the notices behind it.
    delivery: { ...streamDelivery, maximumRetryAttempts: -1 },
  },
];

/**
 * How Cognito invokes a user pool's trigger, which no setting changes: it waits 5 s for an answer
 * and tries a trigger that failed or did not answer again, three tries in all; then the request
 * that invoked it (a confirmation) is answered with an error, though what it did has been done.
 */
export const cognitoTriggerInvocation = { timeoutSeconds: 5, attempts: 3 } as const;

/**
 * The functions the user pool invokes: its pre-sign-up trigger refuses a name that breaks core's
 * rule (it touches nothing), its post-confirmation trigger makes the person's profile.
 */
export const cognitoTriggers = {
  preSignUp: read("cognito/pre-sign-up", []),
  postConfirmation: write("cognito/post-confirmation", ["Dwipps"]),
} as const satisfies Record<string, FunctionDefinition>;

/**
 * A function the notices topic (SNS) invokes, asynchronously: Lambda runs each notice at least
 * once, tries a failed one `topicDelivery.retries` more times, then sends it to the subscriber's
 * failure queue (stacks/api.ts; the local cloud's topic does the same).
 */
export interface TopicSubscriber extends FunctionDefinition {
  topic: "Notices";
}

export const topicDelivery = { retries: 2 } as const;

export const topicSubscribers: readonly TopicSubscriber[] = [
  {
    topic: "Notices",
    ...write("notices/notify", ["Dwipps", "Notifications"]),
    readsOnly: ["Dwipps"],
  },
];

/** Every function of the stack, whatever invokes it. */
export const everyFunction: readonly FunctionDefinition[] = [
  ...routes,
  ...streamSubscribers,
  ...streamSubscribers.flatMap((subscriber) => (subscriber.redrive ? [subscriber.redrive] : [])),
  ...topicSubscribers,
  ...Object.values(cognitoTriggers),
];

/** The stage's default for a route that names no throttle of its own: the most careful one. */
export const defaultThrottle: Throttle = throttles.change;

export const routeKey = (route: Route) => `${route.method} ${route.path}`;
