// One side of P4, in a process of its own (core's tables and client are per process): reads each
// list's first page through core and reports the read capacity DynamoDB charged and the time; and
// for P9 the least DynamoDB could charge to return the same data: one eventually consistent read of
// exactly the stored items the page is made of (half a unit per 4 KB of them together).
import "@dwipper/local-cloud/quiet-sdk-notices";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { Dwipp, Favorite, Notification, Profile } from "@dwipper/core";
import { dynamo, tables } from "@dwipper/core/dynamo";
import { dwippKey, notificationKey } from "@dwipper/core/keys";
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

const reader = { id: process.env.BENCH_READER ?? "reader", name: "Reader" };
// Top's windows end at the data's last Dwipp, so the day holds 24 hours of them.
const now = new Date(process.env.BENCH_NOW ?? Date.now());
// The engine's own share, for context: a bare batch read of the 20 Dwipps of a "mine" page, by key.
const engineKeys = (await Dwipp.listMine(reader, { limit: 20 })).items.map((item) => ({
  pk: `DWIPP#${item.id}`,
  sk: "DWIPP",
}));
const lists = {
  engine: async () => {
    await dynamo.send(
      new BatchGetCommand({ RequestItems: { [tables.dwipps]: { Keys: engineKeys } } }),
    );
    return { items: engineKeys };
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

const results: Record<string, { units: number; ms: number; items: number; least: number }> = {};
for (const [name, read] of Object.entries(lists)) {
  const times: number[] = [];
  let perPage = 0;
  let items = 0;
  let last: { items: unknown[] } = { items: [] };
  for (let i = 0; i < 60; i++) {
    units = 0;
    const started = performance.now();
    const page = await read();
    const elapsed = performance.now() - started;
    if (i >= 10) times.push(elapsed);
    perPage = units;
    items = page.items.length;
    last = page;
  }
  const least = await leastUnits(last);
  results[name] = { units: perPage, ms: median(times), items, least };
}
console.log(JSON.stringify(results));
