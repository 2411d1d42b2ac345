// P4 and P9 in one process: reads each list's first page through core, at every size in turn, page
// by page, and reports per size the read capacity DynamoDB charged and the time; and for P9 the
// least DynamoDB could charge to return the same data: one eventually consistent read of exactly
// the stored items the page is made of (half a unit per 4 KB of them together). The sizes take
// turns within the process, so its compiler's warm-up and any busy moment weigh on all of them.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { Dwipp, Favorite, Notification, Profile } from "@dwipper/core";
import { dynamo, tables } from "@dwipper/core/dynamo";
import { dwippKey, notificationKey } from "@dwipper/core/keys";
import { Resource } from "sst";
import { itemBytes } from "./item-size";
import { median } from "./stats";

interface Consumed {
  CapacityUnits?: number;
}

let units = 0;
dynamo.middlewareStack.add(
  (next) => async (args) => {
    const input = args.input as { ReturnConsumedCapacity?: string };
    input.ReturnConsumedCapacity = "TOTAL";
    const result = await next(args);
    const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
    for (const entry of [output.ConsumedCapacity ?? []].flat()) units += entry.CapacityUnits ?? 0;
    return result;
  },
  { step: "initialize", name: "countReadCapacity" },
);

/** Each size's tables by the link that names them (from the links as an environment carries them). */
const tablesBySize = new Map(
  Object.entries(
    JSON.parse(process.env.BENCH_SIZES ?? "{}") as Record<string, Record<string, string>>,
  ).map(([size, links]) => [
    size,
    Object.entries(links).map(([variable, value]) => ({
      link: variable.replace(/^SST_RESOURCE_/, "") as keyof typeof Resource,
      name: (JSON.parse(value) as { name: string }).name,
    })),
  ]),
);
const order = [...tablesBySize.keys()];

/**
 * Points core at one size's tables. SST's links are plain objects that core reads on every use
 * (`tables` in core's dynamo.ts), so renaming a link's table moves every later request.
 */
function useSize(size: string) {
  for (const { link, name } of tablesBySize.get(size) ?? []) {
    Object.assign(Resource[link], { name });
  }
}

const reader = { id: process.env.BENCH_READER ?? "reader", name: "Reader" };
// Top's windows end at the data's last Dwipp, so the day holds 24 hours of them.
const now = new Date(process.env.BENCH_NOW ?? Date.now());
// The engine's own share, for context: a bare batch read of the 20 Dwipps of a "mine" page, by key.
const engineKeys = new Map<string, Record<string, string>[]>();
for (const size of order) {
  useSize(size);
  const page = await Dwipp.listMine(reader, { limit: 20 });
  engineKeys.set(
    size,
    page.items.map((item) => dwippKey(item.id)),
  );
}
let current = "";
const lists = {
  engine: async () => {
    const keys = engineKeys.get(current) ?? [];
    await dynamo.send(new BatchGetCommand({ RequestItems: { [tables.dwipps]: { Keys: keys } } }));
    return { items: keys };
  },
  feed: () => Dwipp.listFeed(reader, { limit: 20 }),
  mine: () => Dwipp.listMine(reader, { limit: 20 }),
  favorites: () => Favorite.listMine(reader, { limit: 20 }),
  topDay: () => Dwipp.listTop(reader, { limit: 20, window: "day" }, now),
  topWeek: () => Dwipp.listTop(reader, { limit: 20, window: "week" }, now),
  topAll: () => Dwipp.listTop(reader, { limit: 20, window: "all" }, now),
  notifications: () => Notification.list(reader, { limit: 20 }),
  // A profile page's two requests: the profile, and the first page of that person's Dwipps.
  profile: async () => {
    const [, page] = await Promise.all([
      Profile.get(reader.id),
      Dwipp.listByAuthor(reader, reader.id, { limit: 20 }),
    ]);
    return page;
  },
};

type Key = Record<string, string>;

/** The stored items a page is made of: its Dwipps, and a notification's own item too. */
function keysOf(page: { items: unknown[] }): { table: string; key: Key }[] {
  return page.items.flatMap((item) => {
    const entry = item as {
      id?: string;
      kind?: string;
      dwipp?: { id: string };
      actor?: { id: string };
    };
    if (entry.dwipp && entry.actor && entry.kind) {
      return [
        {
          table: tables.notifications,
          key: notificationKey(reader.id, entry.dwipp.id, entry.kind, entry.actor.id),
        },
        { table: tables.dwipps, key: dwippKey(entry.dwipp.id) },
      ];
    }
    return entry.id ? [{ table: tables.dwipps, key: dwippKey(entry.id) }] : [];
  });
}

async function leastUnits(page: { items: unknown[] }): Promise<number> {
  const wanted = keysOf(page);
  let bytes = 0;
  for (let start = 0; start < wanted.length; start += 100) {
    const requestItems: Record<string, { Keys: Key[] }> = {};
    for (const { table, key } of wanted.slice(start, start + 100)) {
      requestItems[table] = { Keys: [...(requestItems[table]?.Keys ?? []), key] };
    }
    const found = await dynamo.send(new BatchGetCommand({ RequestItems: requestItems }));
    for (const items of Object.values(found.Responses ?? {})) {
      for (const item of items) bytes += itemBytes(item);
    }
  }
  return Math.ceil(bytes / 4096) * 0.5;
}

type Result = { units: number; ms: number; items: number; least: number };
const results: Record<string, Record<string, Result>> = {};
for (const [name, read] of Object.entries(lists)) {
  const times = new Map<string, number[]>(order.map((size) => [size, []]));
  const last = new Map<string, { units: number; page: { items: unknown[] } }>();
  for (let i = 0; i < 60; i++) {
    // Each turn the other size goes first, so neither always follows the same page.
    for (const size of i % 2 === 0 ? order : [...order].reverse()) {
      useSize(size);
      current = size;
      units = 0;
      const started = performance.now();
      const page = await read();
      const elapsed = performance.now() - started;
      if (i >= 10) times.get(size)?.push(elapsed);
      last.set(size, { units, page });
    }
  }
  for (const size of order) {
    useSize(size);
    const { units: perPage, page } = last.get(size) ?? { units: 0, page: { items: [] } };
    results[size] = results[size] ?? {};
    results[size][name] = {
      units: perPage,
      ms: median(times.get(size) ?? []),
      items: page.items.length,
      least: await leastUnits(page),
    };
  }
}
console.log(JSON.stringify(results));
