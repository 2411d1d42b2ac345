// One side of P4, in a process of its own (core's tables and client are per process): reads each
// list's first page through core and reports the read capacity DynamoDB charged and the time.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { Dwipp, Favorite, Profile } from "@dwipper/core";
import { dynamo, tables } from "@dwipper/core/dynamo";

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
  // A profile page's two requests: the profile, and the first page of that person's Dwipps.
  profile: async () => {
    const [, page] = await Promise.all([
      Profile.get(reader.id),
      Dwipp.listByAuthor(reader, reader.id, { limit: 20 }),
    ]);
    return page;
  },
};

const results: Record<string, { units: number; ms: number; items: number }> = {};
for (const [name, read] of Object.entries(lists)) {
  const times: number[] = [];
  let perPage = 0;
  let items = 0;
  for (let i = 0; i < 60; i++) {
    units = 0;
    const started = performance.now();
    const page = await read();
    const elapsed = performance.now() - started;
    if (i >= 10) times.push(elapsed);
    perPage = units;
    items = page.items.length;
  }
  times.sort((a, b) => a - b);
  results[name] = { units: perPage, ms: times[Math.floor(times.length / 2)] ?? 0, items };
}
console.log(JSON.stringify(results));
