// P4: what a page costs with 1k and with 100k Dwipps in the table. The data is generated once into
// `.local/bench/` (kept while the table definitions stay the same) and loaded with parallel
// BatchWriteItem calls.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { FEED_SHARDS, rankPlaces } from "@dwipper/core/dwipp/item";
import {
  dwippKey,
  favoriteKey,
  feedPartition,
  inboxPartition,
  inboxStateKey,
  notificationKey,
  profileKey,
  rankKey,
} from "@dwipper/core/keys";
import { dwippsTable, favoritesTable, notificationsTable } from "@dwipper/core/table-definitions";
import { dynamoDbSettings, ensureTable, startDynamoDb } from "@dwipper/local-cloud/dynamodb";
import { linkEnvironment } from "@dwipper/local-cloud/function-environment";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { runProbe } from "./probe-process";
import { untilQuiet } from "./quiet";
import { median } from "./stats";

export const READER = "00000000-0000-4000-8000-00000000feed";
const MINE = 50;

function uuidFor(n: number, salt: string): string {
  const hex = createHash("sha256").update(`${salt}:${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The data's first Dwipp; every size spreads its Dwipps evenly over the same 100,000 seconds (about
 * 28 hours), so Top's windows hold their share of every size in every hour, and a page's cost is
 * compared with the same partitions filled.
 */
const START = Date.parse("2026-01-01T00:00:00.000Z");
const SPAN_MS = 100_000_000;
/** The moment Top's windows are measured at: just after the last Dwipp. */
export const BENCH_NOW = new Date(START + SPAN_MS);

async function load(
  client: DynamoDBClient,
  tables: { dwipps: string; favorites: string; notifications: string },
  count: number,
) {
  const start = START;
  const requests: { table: string; request: WriteRequest }[] = [
    {
      table: tables.notifications,
      request: { PutRequest: { Item: marshall({ ...inboxStateKey(READER), unread: MINE }) } },
    },
    {
      table: tables.dwipps,
      request: {
        PutRequest: {
          Item: marshall({
            ...profileKey(READER),
            id: READER,
            name: "Reader",
            joinedAt: new Date(start).toISOString(),
            dwipps: MINE,
          }),
        },
      },
    },
  ];
  for (let n = 0; n < count; n++) {
    const id = uuidFor(n, `dwipp-${count}`);
    const author = n < MINE ? READER : uuidFor(n % 500, "author");
    const createdAt = new Date(start + Math.floor((n * SPAN_MS) / count)).toISOString();
    const order = `${createdAt}#${id}`;
    // Votes spread so that Top has ties and leaders in every hour.
    const upvotes = (n * 7919) % 50;
    // Each Dwipp's feed shard is drawn by its place from the newest, not by its number: the
    // newest Dwipps lie across the shards alike at every size, so the feed pages compared differ
    // only in what the table holds beneath them.
    const shard = feedPartition(
      Number.parseInt(uuidFor(count - 1 - n, "shard").slice(0, 8), 16) % FEED_SHARDS,
    );
    requests.push({
      table: tables.dwipps,
      request: {
        PutRequest: {
          Item: marshall({
            ...rankKey(id),
            id,
            ...rankPlaces({ id, createdAt, upvotes, gsi1pk: shard }),
            sequence: "0",
          }),
        },
      },
    });
    requests.push({
      table: tables.dwipps,
      request: {
        PutRequest: {
          Item: marshall({
            ...dwippKey(id),
            gsi1pk: shard,
            gsi1sk: order,
            gsi2pk: `AUTHOR#${author}`,
            gsi2sk: order,
            id,
            content: `Shower thought number ${n}, wondering about everything at once.`,
            authorId: author,
            authorName: "Someone",
            createdAt,
            upvotes,
            favorites: n < MINE ? 1 : 0,
            inProfileCount: true,
          }),
        },
      },
    });
    if (n < MINE) {
      // Someone upvoted each of the reader's Dwipps: a full page of notifications.
      const note = notificationKey(READER, id, "upvote", uuidFor(n, "fan"));
      requests.push({
        table: tables.notifications,
        request: {
          PutRequest: {
            Item: marshall({
              ...note,
              gsi1pk: inboxPartition(READER),
              gsi1sk: `${createdAt}#${note.sk}`,
              kind: "upvote",
              dwippId: id,
              actorId: uuidFor(n, "fan"),
              actorName: "A fan",
              actedAt: createdAt,
              arrivedAt: createdAt,
            }),
          },
        },
      });
      requests.push({
        table: tables.favorites,
        request: {
          PutRequest: {
            Item: marshall({
              ...favoriteKey(READER, id),
              gsi1pk: `USER#${READER}`,
              gsi1sk: `${createdAt}#${id}`,
              gsi2pk: `DWIPP#${id}`,
              gsi2sk: `USER#${READER}`,
              userId: READER,
              dwippId: id,
              favoritedAt: createdAt,
            }),
          },
        },
      });
    }
  }
  const batches: (typeof requests)[] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        let pending: Record<string, WriteRequest[]> = {};
        for (const { table, request } of batch)
          pending[table] = [...(pending[table] ?? []), request];
        while (Object.keys(pending).length > 0) {
          const result = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
          pending = (result.UnprocessedItems ?? {}) as Record<string, WriteRequest[]>;
        }
      }
    }),
  );
}

/** One list's page at one size, as a probe measures it in one round. */
type ListMeasure = { units: number; ms: number; items: number; least: number };

export interface ReadCost {
  size: number;
  /**
   * Per list: read capacity of a page, its median time (and each round's), its items, and the
   * least capacity (P9).
   */
  lists: Record<string, ListMeasure & { roundsMs: number[] }>;
  scan: { units: number; ms: number };
}

export async function measureReadCost(sizes: number[]): Promise<ReadCost[]> {
  const schema = createHash("sha256")
    .update(JSON.stringify({ dwippsTable, favoritesTable, notificationsTable, sizes, version: 6 }))
    .digest("hex")
    .slice(0, 12);
  const settings = dynamoDbSettings();
  // Each engine keeps data in its own format.
  const dataDir = path.join(repoRoot, ".local/bench", `${schema}-${settings.engine}`);
  // Dwipper's engine packs its store when it opens it, so the reads measured here leave it as
  // they found it (ADR 0026): the engine is opened again after loading.
  const open = () => startDynamoDb(0, dataDir, "us-east-1", settings);
  // The data goes in as DynamoDB's import from S3 puts a table's data in: whole, without spending
  // the partitions' capacity (100k Dwipps share the author's and Top's index partitions, which
  // would take minutes at 1,000 writes a second). The pages are then read with the limits on.
  const openToLoad = () =>
    startDynamoDb(0, dataDir, "us-east-1", {
      ...settings,
      partitionWriteUnits: 0,
      partitionReadUnits: 0,
    });
  const markerOf = (size: number) => path.join(dataDir, `loaded-${size}`);
  const toLoad = sizes.filter((size) => !existsSync(markerOf(size)));
  let dynamo = await (toLoad.length > 0 ? openToLoad() : open());
  const results: ReadCost[] = [];
  const tablesOf = (size: number) => ({
    dwipps: `bench-${size}-dwipps`,
    favorites: `bench-${size}-favorites`,
    budgets: `bench-${size}-budgets`,
    notifications: `bench-${size}-notifications`,
  });
  // One process reads at every size in turn (read-cost-probe.ts); links name the first size's
  // tables, and the probe renames them as it goes.
  const probe = async () => {
    const first = tablesOf(sizes[0] ?? 0);
    const stdout = await runProbe("read-cost-probe.ts", {
      BENCH_READER: READER,
      BENCH_NOW: BENCH_NOW.toISOString(),
      BENCH_SIZES: JSON.stringify(
        Object.fromEntries(sizes.map((size) => [size, linkEnvironment(tablesOf(size))])),
      ),
      ...linkEnvironment(first, { cursorSecret: "bench" }),
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });
    // By size, then by list.
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<
      string,
      Record<string, ListMeasure>
    >;
  };
  try {
    for (const size of toLoad) {
      const tables = tablesOf(size);
      await ensureTable(dynamo.client, tables.dwipps, dwippsTable);
      await ensureTable(dynamo.client, tables.favorites, favoritesTable);
      await ensureTable(dynamo.client, tables.notifications, notificationsTable);
      const started = Date.now();
      await load(dynamo.client, tables, size);
      await writeFile(markerOf(size), new Date().toISOString());
      console.log(`Loaded ${size} Dwipps in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
    if (toLoad.length > 0) {
      await dynamo.stop();
      dynamo = await open();
    }
    // The engine's opening (its lagging indexes copy every item into memory) must not weigh on
    // the first round. Five rounds, each a process of its own in which the sizes take turns page
    // by page; each list's time is the median of its rounds' medians, and each round's is kept
    // so that the two sizes can be compared round by round.
    await untilQuiet();
    const rounds = new Map<number, Record<string, ListMeasure>[]>(sizes.map((size) => [size, []]));
    for (let round = 0; round < 5; round++) {
      const measured = await probe();
      for (const size of sizes) rounds.get(size)?.push(measured[String(size)] ?? {});
    }
    for (const size of sizes) {
      const measured = rounds.get(size) ?? [];
      const lists: ReadCost["lists"] = {};
      for (const name of Object.keys(measured[0] ?? {})) {
        const runs = measured.flatMap((entry) => (entry[name] ? [entry[name]] : []));
        const last = runs.at(-1);
        const roundsMs = runs.map((entry) => entry.ms);
        if (last) lists[name] = { ...last, ms: median(roundsMs), roundsMs };
      }
      // The seed's naive design, for context: the feed as a Scan of the whole table.
      const scanStarted = performance.now();
      let units = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamo.client.send(
          new ScanCommand({
            TableName: tablesOf(size).dwipps,
            ReturnConsumedCapacity: "TOTAL",
            ExclusiveStartKey: start as never,
          }),
        );
        units += page.ConsumedCapacity?.CapacityUnits ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      results.push({ size, lists, scan: { units, ms: performance.now() - scanStarted } });
    }
  } finally {
    await dynamo.stop();
  }
  return results;
}
