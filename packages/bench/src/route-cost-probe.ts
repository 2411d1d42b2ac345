// P8's measuring side, in a process of its own (core's tables and client are per process): runs
// every route's handler from source against a fresh engine, and for each request counts what AWS
// would bill — the read units DynamoDB reports, the write units of every item written with its
// index writes (before and after images, see write-units.ts), the function's time (in a second,
// unmetered request prepared alike) — and then the work it sets off: the stream records each of the
// Dwipps stream's subscribers is sent (their own time and units), the notices published and the
// notifications function each one invokes. Prints one `ROUTES <json>` line per round of the whole
// set.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
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
import { type Route, routeKey, routes, streamSubscribers } from "@dwipper/functions/routes";
import { toLambdaRecord } from "@dwipper/functions/stream/lambda-record";
import { markSet } from "@dwipper/functions/stream/publish-notices";
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import { passesFilters } from "@dwipper/local-cloud/event-filter";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
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
  /** Each invocation the request set off (the stream's subscriber, the notifications function). */
  followUps: { function: string; ms: number; readUnits: number; writeUnits: number }[];
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

/** Runs `work`, under a fresh meter or none: its usage and its time. */
async function measure(work: () => Promise<unknown>, meterOn = true) {
  const meter: Usage = { readUnits: 0, writeUnits: 0, budgetUnits: 0 };
  usage = meterOn ? meter : undefined;
  const started = performance.now();
  try {
    await work();
  } finally {
    usage = undefined;
  }
  return { ...meter, ms: performance.now() - started };
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
  const shards =
    (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription
      ?.Shards ?? [];
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
  const done: RouteRun["followUps"] = [];
  let publishes = 0;
  const all = records.map((record) => toLambdaRecord(record, streamArn as string, region));
  for (const subscriber of streamSubscribers) {
    const batch = all.filter((record) => passesFilters(subscriber.filters, record));
    if (batch.length === 0) continue;
    const follow = await handlerOf(subscriber.file);
    const work = await measure(() => follow({ Records: batch }, {}), meter);
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
    done.push({ function: "notices/notify", ...(await measure(() => notify(event, {}), meter)) });
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
  const own = await measure(async () => {
    status = ((await handler(event, {})) as { statusCode: number }).statusCode;
  }, meter);
  if (status >= 300) throw new Error(`${key} answered ${status}.`);
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
        followUps: metered.followUps.done.map((followUp, n) => ({
          function: followUp.function,
          ms: timed.followUps.done[n]?.ms ?? followUp.ms,
          readUnits: followUp.readUnits,
          writeUnits: followUp.writeUnits,
        })),
        publishes: metered.followUps.publishes,
      };
    }
  }
  console.log(`ROUTES ${JSON.stringify(results)}`);
}
