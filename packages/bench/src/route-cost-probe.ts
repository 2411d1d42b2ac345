// P8's measuring side, in a process of its own (core's tables and client are per process): runs
// every route's handler from source against a fresh engine, and for each request counts what AWS
// would bill — the read units DynamoDB reports, the write units of every item written with its
// index writes (before and after images, see write-units.ts), the function's time (in a second,
// unmetered request prepared alike), what it writes to CloudWatch (its function's log lines, Lambda's
// and API Gateway's, and the custom metrics among them) — and then the work it sets off: the stream
// records each of the Dwipps stream's subscribers is sent (their own time, units and logs), the
// notices published and the notifications function each one invokes. Prints one `ROUTES <json>`
// line per round of the whole set.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { Dwipp, Favorite, Notification, Profile } from "@dwipper/core";
import { dynamo, tables } from "@dwipper/core/dynamo";
import {
  budgetsTable,
  dwippsTable,
  favoritesTable,
  notificationsTable,
  type TableDefinition,
} from "@dwipper/core/table-definitions";
import {
  LAMBDA_MEMORY_MB,
  type Route,
  routeKey,
  routes,
  streamSubscribers,
} from "@dwipper/functions/routes";
import { toLambdaRecord } from "@dwipper/functions/stream/lambda-record";
import { markSet } from "@dwipper/functions/stream/publish-notices";
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import { passesFilters } from "@dwipper/local-cloud/event-filter";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { streamShards } from "@dwipper/local-cloud/stream-poller";
import {
  accessLogLine,
  eventBytes,
  eventsOf,
  lambdaPlatformLines,
  metricSeries,
} from "./cloudwatch-usage";
import { itemBytes } from "./item-size";
import { writeUnits } from "./write-units";

type Item = Record<string, unknown>;
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
type Command = Parameters<typeof dynamo.send>[0];

export interface Usage {
  readUnits: number;
  /** Write units, the budget's counter apart (`budgetUnits`). */
  writeUnits: number;
  /** Write units of the caller's budget counter (ADR 0008), which P8 prices by its model. */
  budgetUnits: number;
}

export interface RouteRun {
  /** The function's own time, ms, measured without the meter. */
  ms: number;
  readUnits: number;
  writeUnits: number;
  budgetUnits: number;
  /** Bytes the request's log events take in CloudWatch Logs: its function's, Lambda's, the access log's. */
  logBytes: number;
  /** The custom metrics its functions' embedded-metric-format lines define (set-off ones' too). */
  metricSeries: string[];
  /** Each invocation the request set off (the stream's subscriber, the notifications function). */
  followUps: {
    function: string;
    ms: number;
    readUnits: number;
    writeUnits: number;
    logBytes: number;
  }[];
  publishes: number;
}

const region = process.env.AWS_REGION ?? "us-east-1";
const raw = new DynamoDBClient({});
const streams = new DynamoDBStreamsClient({});
const definitions: Record<string, TableDefinition> = {
  [tables.dwipps]: dwippsTable,
  [tables.favorites]: favoritesTable,
  [tables.budgets]: budgetsTable,
  [tables.notifications]: notificationsTable,
};

let usage: Usage | undefined;

async function image(table: string, key: Item): Promise<Item | undefined> {
  const found = await raw.send(
    new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }),
  );
  return found.Item ? unmarshall(found.Item) : undefined;
}

function keyOf(table: string, item: Item): Item {
  const { hashKey, rangeKey } = definitions[table]?.primaryIndex ?? { hashKey: "pk" };
  return rangeKey
    ? { [hashKey]: item[hashKey], [rangeKey]: item[rangeKey] }
    : { [hashKey]: item[hashKey] };
}

interface Touched {
  table: string;
  key: Item;
  transactional: boolean;
  /** A transaction's condition check: billed like a write of the item, changing nothing. */
  check?: boolean;
}

function touchedBy(name: string, input: Record<string, unknown>): Touched[] | undefined {
  const table = String(input.TableName);
  switch (name) {
    case "PutCommand":
      return [{ table, key: keyOf(table, input.Item as Item), transactional: false }];
    case "UpdateCommand":
    case "DeleteCommand":
      return [{ table, key: input.Key as Item, transactional: false }];
    case "TransactWriteCommand":
      return (input.TransactItems as Record<string, Record<string, unknown>>[]).map((entry) => {
        const [kind, action] = Object.entries(entry)[0] ?? ["", {}];
        const at = String(action.TableName);
        const key = kind === "Put" ? keyOf(at, action.Item as Item) : (action.Key as Item);
        return { table: at, key, transactional: true, check: kind === "ConditionCheck" };
      });
    case "BatchWriteCommand":
      return Object.entries(
        input.RequestItems as Record<string, Record<string, { Item?: Item; Key?: Item }>[]>,
      ).flatMap(([at, requests]) =>
        requests.map((request) => ({
          table: at,
          key: request.PutRequest?.Item
            ? keyOf(at, request.PutRequest.Item)
            : (request.DeleteRequest?.Key ?? {}),
          transactional: false,
        })),
      );
    default:
      return undefined;
  }
}

const reads = new Set([
  "GetCommand",
  "QueryCommand",
  "BatchGetCommand",
  "ScanCommand",
  "TransactGetCommand",
]);
const send = dynamo.send.bind(dynamo) as (command: Command) => Promise<unknown>;

async function metered(command: Command): Promise<unknown> {
  const meter = usage;
  if (!meter) return send(command);
  const name = command.constructor.name;
  const input = command.input as Record<string, unknown>;
  if (reads.has(name)) {
    input.ReturnConsumedCapacity = "TOTAL";
    const output = (await send(command)) as { ConsumedCapacity?: unknown };
    let units = 0;
    for (const entry of [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[]) {
      units += entry.CapacityUnits ?? 0;
    }
    // DynamoDB bills a single read request at least one read (half a unit, or one when strongly
    // consistent) even when it finds nothing; the engine reports what it read.
    if (name === "GetCommand" || name === "QueryCommand" || name === "ScanCommand") {
      units = Math.max(units, input.ConsistentRead ? 1 : 0.5);
    }
    meter.readUnits += units;
    return output;
  }
  const touched = touchedBy(name, input);
  if (!touched) throw new Error(`The meter does not know ${name}.`);
  const before = await Promise.all(touched.map((entry) => image(entry.table, entry.key)));
  let failed = false;
  try {
    return await send(command);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const after = failed
      ? before
      : await Promise.all(touched.map((entry) => image(entry.table, entry.key)));
    touched.forEach((entry, n) => {
      const definition = definitions[entry.table];
      if (!definition) throw new Error(`No definition of the table ${entry.table}.`);
      const was = before[n];
      // A refused write, or a condition check, is billed for the item and changes no index.
      const units =
        failed || entry.check
          ? Math.max(1, Math.ceil((was ? itemBytes(was) : 0) / 1024)) *
            (entry.transactional ? 2 : 1)
          : writeUnits(definition, was, after[n], entry.transactional);
      if (entry.table === tables.budgets) meter.budgetUnits += units;
      else meter.writeUnits += units;
    });
  }
}
(dynamo as { send: unknown }).send = metered;

// While a request is metered, what the process writes is its function's log: kept, not printed.
let logged: string[] | undefined;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!logged) return write(chunk, ...rest);
    logged.push(String(chunk));
    const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof stream.write;
}

/**
 * A deployed function's name as SST makes it (`<app>-<stage>-<component>Function-<suffix>`): its
 * length is what it adds to every line that carries it.
 */
const FUNCTION_NAME = "dwipper-production-ApiRouteKx4wq2HandlerFunction-ab12cd3";

/** Lambda's context for one invocation. */
function lambdaContext() {
  return {
    awsRequestId: randomUUID(),
    functionName: FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${FUNCTION_NAME}`,
    memoryLimitInMB: String(LAMBDA_MEMORY_MB),
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: "2026/12/05/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  };
}
// Lambda sets a trace header on every invocation, traced or not, and Powertools logs it.
process.env._X_AMZN_TRACE_ID =
  "Root=1-6752a0c1-4f1b2c3d4e5f60718293a4b5;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=1:1a2b3c4d:0";

/**
 * Runs `work` with a Lambda context, under a fresh meter or none: its usage, its time, and what it
 * logged (its own lines and the three Lambda writes around it).
 */
async function measure(
  work: (context: ReturnType<typeof lambdaContext>) => Promise<unknown>,
  meterOn = true,
) {
  const meter: Usage = { readUnits: 0, writeUnits: 0, budgetUnits: 0 };
  const context = lambdaContext();
  const lines: string[] = [];
  usage = meterOn ? meter : undefined;
  logged = meterOn ? lines : undefined;
  const started = performance.now();
  try {
    await work(context);
  } finally {
    usage = undefined;
    logged = undefined;
  }
  const ms = performance.now() - started;
  const events = [
    ...eventsOf(lines.join("")),
    ...lambdaPlatformLines(context.awsRequestId, ms, LAMBDA_MEMORY_MB),
  ];
  return {
    ...meter,
    ms,
    logBytes: events.reduce((sum, event) => sum + eventBytes(event), 0),
    metricSeries: metricSeries(events),
  };
}

const handlers = new Map<string, Handler>();
async function handlerOf(file: string): Promise<Handler> {
  let handler = handlers.get(file);
  if (!handler) {
    const module = (await import(path.join(repoRoot, "packages/functions/src", `${file}.ts`))) as {
      handler: Handler;
    };
    handler = module.handler;
    handlers.set(file, handler);
  }
  return handler;
}

// The Dwipps stream, read from its end before each request so that only the request's records come.
const streamArn = (await raw.send(new DescribeTableCommand({ TableName: tables.dwipps }))).Table
  ?.LatestStreamArn;
if (!streamArn) throw new Error("The Dwipps table has no stream.");

async function streamEnds(): Promise<string[]> {
  const shards = await streamShards(streams, streamArn as string);
  return Promise.all(
    shards.map(async (shard) => {
      const answer = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: "LATEST",
        }),
      );
      return answer.ShardIterator ?? "";
    }),
  );
}

async function recordsSince(iterators: string[]): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  for (const iterator of iterators.filter(Boolean)) {
    const answer = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    records.push(...(answer.Records ?? []));
  }
  return records;
}

/**
 * What one request sets off: a batch to each of the stream's subscribers that its records pass
 * the filters of, and one invocation of the notifications function per notice published.
 */
async function followUps(records: StreamRecord[], meter: boolean) {
  const done: (RouteRun["followUps"][number] & { metricSeries: string[] })[] = [];
  let publishes = 0;
  const all = records.map((record) => toLambdaRecord(record, streamArn as string, region));
  for (const subscriber of streamSubscribers) {
    const batch = all.filter((record) => passesFilters(subscriber.filters, record));
    if (batch.length === 0) continue;
    const follow = await handlerOf(subscriber.file);
    const work = await measure((context) => follow({ Records: batch }, context), meter);
    done.push({ function: subscriber.file, ...work });
  }
  const notify = await handlerOf("notices/notify");
  const noticeFilters = streamSubscribers.flatMap((subscriber) =>
    subscriber.links.includes("Notices") ? subscriber.filters : [],
  );
  for (const record of all.filter((entry) => passesFilters(noticeFilters, entry))) {
    const notice = markSet(record as never);
    if (!notice) continue;
    publishes++;
    const event = {
      Records: [
        {
          EventSource: "aws:sns",
          Sns: { MessageId: randomUUID(), Message: JSON.stringify(notice), TopicArn: "notices" },
        },
      ],
    };
    const work = await measure((context) => notify(event, context), meter);
    done.push({ function: "notices/notify", ...work });
  }
  return { done, publishes };
}

// The data every request reads: an author with Dwipps (one edited), a reader who upvoted and
// favorited most of them, and the author's notifications of it.
const author = { id: randomUUID(), name: "Author" };
const reader = { id: randomUUID(), name: "Reader" };
await Profile.ensure(author, new Date());
await Profile.ensure(reader, new Date());
const posted: string[] = [];
for (let n = 0; n < 30; n++) {
  posted.push(
    (await Dwipp.create(author, { content: `A thought worth keeping, number ${n}` })).dwipp.id,
  );
}
const [edited = "", shown = ""] = posted;
await Dwipp.edit(author, edited, { content: "A thought, thought again" });
await Dwipp.edit(author, edited, { content: "A thought, thought twice again" });
for (const id of posted.slice(0, 25)) {
  await Dwipp.setUpvote(reader, id);
  await Favorite.set(reader, id);
  await Notification.notify({
    kind: "upvote",
    dwippId: id,
    actorId: reader.id,
    at: new Date().toISOString(),
  });
}
await new Promise((resolve) => setTimeout(resolve, 1_500));

const fresh = async () =>
  (await Dwipp.create(author, { content: "Fresh from the shower" })).dwipp.id;
const call = (
  route: Route,
  actor: typeof author | undefined,
  more: { id?: string; body?: unknown; query?: Record<string, string> } = {},
) =>
  apiGatewayEvent({
    method: route.method,
    routePath: route.path,
    rawPath: more.id ? route.path.replace("{id}", more.id) : route.path,
    ...(more.id ? { pathParameters: { id: more.id } } : {}),
    ...(more.query
      ? {
          queryStringParameters: more.query,
          rawQueryString: new URLSearchParams(more.query).toString(),
        }
      : {}),
    ...(more.body === undefined
      ? {}
      : {
          body: { text: JSON.stringify(more.body) },
          headers: { "content-type": "application/json" },
        }),
    ...(actor ? { claims: { sub: actor.id, name: actor.name, token_use: "id" } } : {}),
  });

/** How each route is asked, once its data is there; public reads by someone signed out. */
const scenarios: Record<string, { name?: string; prepare: (route: Route) => Promise<unknown> }[]> =
  {
    "GET /dwipps": [
      { prepare: async (route) => call(route, undefined) },
      {
        name: "GET /dwipps?since (the live feed's poll)",
        prepare: async (route) =>
          // As a reader who is up to date asks: nothing new since the newest Dwipp they have.
          call(route, undefined, { query: { since: new Date().toISOString() } }),
      },
    ],
    "GET /dwipps/top": [{ prepare: async (route) => call(route, undefined) }],
    "POST /dwipps": [
      {
        prepare: async (route) => call(route, author, { body: { content: "Posted to be priced" } }),
      },
    ],
    "GET /dwipps/{id}": [{ prepare: async (route) => call(route, undefined, { id: shown }) }],
    "GET /dwipps/{id}/history": [
      { prepare: async (route) => call(route, undefined, { id: edited }) },
    ],
    "PATCH /dwipps/{id}": [
      {
        prepare: async (route) =>
          call(route, author, { id: await fresh(), body: { content: "Fresh, and better put" } }),
      },
    ],
    "DELETE /dwipps/{id}": [
      { prepare: async (route) => call(route, author, { id: await fresh() }) },
    ],
    "PUT /dwipps/{id}/upvote": [
      { prepare: async (route) => call(route, reader, { id: await fresh() }) },
    ],
    "DELETE /dwipps/{id}/upvote": [
      {
        prepare: async (route) => {
          const id = await fresh();
          await Dwipp.setUpvote(reader, id);
          return call(route, reader, { id });
        },
      },
    ],
    "PUT /dwipps/{id}/favorite": [
      { prepare: async (route) => call(route, reader, { id: await fresh() }) },
    ],
    "DELETE /dwipps/{id}/favorite": [
      {
        prepare: async (route) => {
          const id = await fresh();
          await Favorite.set(reader, id);
          return call(route, reader, { id });
        },
      },
    ],
    "GET /users/{id}": [{ prepare: async (route) => call(route, undefined, { id: author.id }) }],
    "GET /users/{id}/dwipps": [
      { prepare: async (route) => call(route, undefined, { id: author.id }) },
    ],
    "GET /me/dwipps": [{ prepare: async (route) => call(route, author) }],
    "GET /me/favorites": [{ prepare: async (route) => call(route, reader) }],
    "GET /me/notifications": [
      { prepare: async (route) => call(route, author) },
      {
        name: "GET /me/notifications?limit=1 (the unread count's poll)",
        prepare: async (route) => call(route, author, { query: { limit: "1" } }),
      },
    ],
    "PUT /me/notifications/read": [{ prepare: async (route) => call(route, author) }],
  };

type Way = { name?: string; prepare: (route: Route) => Promise<unknown> };

/** One request of a route, prepared afresh, and what it set off; metered or only timed. */
async function ask(handler: Handler, key: string, way: Way, meter = true) {
  const route = routes.find((entry) => routeKey(entry) === key) as Route;
  const event = await way.prepare(route);
  // Whatever the preparation wrote has reached the stream before the request's end is taken.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const ends = await streamEnds();
  let status = 0;
  const own = await measure(async (context) => {
    status = ((await handler(event, context)) as { statusCode: number }).statusCode;
  }, meter);
  if (status >= 300) throw new Error(`${key} answered ${status}.`);
  const { requestContext } = event as { requestContext: { requestId: string } };
  const accessLog = accessLogLine({
    routeKey: key,
    status,
    latencyMs: own.ms,
    requestId: requestContext.requestId,
  });
  own.logBytes += eventBytes(accessLog);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { own, followUps: await followUps(await recordsSince(ends), meter) };
}

for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 7); round++) {
  const results: Record<string, RouteRun> = {};
  for (const route of routes) {
    const key = routeKey(route);
    const ways = scenarios[key];
    if (!ways) throw new Error(`P8 has no way to ask ${key}: add one, so every route is priced.`);
    const handler = await handlerOf(route.file);
    for (const way of ways) {
      // Once under the meter, for the units; once without it, on data prepared alike, for the time.
      const metered = await ask(handler, key, way);
      const timed = await ask(handler, key, way, false);
      results[way.name ?? key] = {
        ms: timed.own.ms,
        readUnits: metered.own.readUnits,
        writeUnits: metered.own.writeUnits,
        budgetUnits: metered.own.budgetUnits,
        logBytes: metered.own.logBytes,
        metricSeries: [
          ...new Set([
            ...metered.own.metricSeries,
            ...metered.followUps.done.flatMap((followUp) => followUp.metricSeries),
          ]),
        ],
        followUps: metered.followUps.done.map((followUp, n) => ({
          function: followUp.function,
          ms: timed.followUps.done[n]?.ms ?? followUp.ms,
          readUnits: followUp.readUnits,
          writeUnits: followUp.writeUnits,
          logBytes: followUp.logBytes,
        })),
        publishes: metered.followUps.publishes,
      };
    }
  }
  console.log(`ROUTES ${JSON.stringify(results)}`);
}
