// An index added to a table that holds items is filled from them, and readable once ACTIVE; one
// removed is gone; one change at a time, as DynamoDB takes them.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type AttributeValue,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { closeStore, openStore } from "./dynalite";
import { describeNewIndex } from "./online-indexes";
import { createKeyedTable, indexPartition, startTestEngine, untilActive } from "./testing";

const s = (value: string): AttributeValue => ({ S: value });

const byGroup = {
  IndexName: "byGroup",
  KeySchema: [{ AttributeName: "group", KeyType: "HASH" as const }],
  Projection: { ProjectionType: "KEYS_ONLY" as const },
};

const addByGroup = (TableName: string): UpdateTableCommandInput => ({
  TableName,
  AttributeDefinitions: [{ AttributeName: "group", AttributeType: "S" }],
  GlobalSecondaryIndexUpdates: [{ Create: byGroup }],
});

const put = (client: DynamoDBClient, TableName: string, pk: string, group?: string) =>
  client.send(
    new PutItemCommand({ TableName, Item: { pk: s(pk), ...(group ? { group: s(group) } : {}) } }),
  );

const group = (table: string, value: string) => ({
  table,
  index: "byGroup",
  attribute: "group",
  value,
});

/** The keys in a group, sorted, once the index shows `expected` (it may lag), or what it last showed. */
async function inGroup(client: DynamoDBClient, table: string, value: string, expected: string[]) {
  let found: string[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const items = await indexPartition(client, group(table, value));
    found = items.map((item) => String(item.pk?.S)).sort();
    if (JSON.stringify(found) === JSON.stringify(expected)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return found;
}

async function indexStatus(client: DynamoDBClient, TableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  return Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === "byGroup")?.IndexStatus;
}

describe.each([
  ["read from the table's own indexes", 0],
  ["read from indexes that lag", 50],
])("an index added to a table that holds items (%s)", (_, readLagMs) => {
  it("is refused to reads while it fills, then holds every item, those written meanwhile too", async () => {
    const local = await startTestEngine({ readLagMs, tableStatusMs: 200 });
    try {
      const table = await createKeyedTable(local.client, `t-${randomUUID()}`);
      await put(local.client, table, "a", "one");
      await put(local.client, table, "b", "one");
      await put(local.client, table, "c");
      const answer = await local.client.send(new UpdateTableCommand(addByGroup(table)));
      expect(answer.TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe("CREATING");
      await expect(inGroup(local.client, table, "one", [])).rejects.toThrow(
        "Cannot read from backfilling global secondary index",
      );
      await put(local.client, table, "d", "one");
      await untilActive(local.client, table);
      const [first] = await indexPartition(local.client, group(table, "one"), { Limit: 1 });
      // Keys only, as asked.
      expect(Object.keys(first ?? {}).sort()).toEqual(["group", "pk"]);
      expect(await inGroup(local.client, table, "one", ["a", "b", "d"])).toEqual(["a", "b", "d"]);
      // And it follows later writes like any other index.
      await put(local.client, table, "a", "two");
      expect(await inGroup(local.client, table, "one", ["b", "d"])).toEqual(["b", "d"]);
      expect(await inGroup(local.client, table, "two", ["a"])).toEqual(["a"]);
    } finally {
      await local.stop();
    }
  });

  it("is gone once removed, and the table keeps its items", async () => {
    const local = await startTestEngine({ readLagMs });
    try {
      const table = await createKeyedTable(local.client, `t-${randomUUID()}`);
      await put(local.client, table, "a", "one");
      await local.client.send(new UpdateTableCommand(addByGroup(table)));
      await untilActive(local.client, table);
      expect(await inGroup(local.client, table, "one", ["a"])).toEqual(["a"]);
      const removed = await local.client.send(
        new UpdateTableCommand({
          TableName: table,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byGroup" } }],
        }),
      );
      // Answered as going; gone from the description, with the attribute only it used.
      expect(removed.TableDescription?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe("DELETING");
      const { Table } = await local.client.send(new DescribeTableCommand({ TableName: table }));
      expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
      expect(Table?.AttributeDefinitions?.map((known) => known.AttributeName)).toEqual(["pk"]);
      await expect(inGroup(local.client, table, "one", [])).rejects.toThrow(
        "The table does not have the specified index: byGroup",
      );
      // Added again, it is filled again.
      await local.client.send(new UpdateTableCommand(addByGroup(table)));
      await untilActive(local.client, table);
      expect(await inGroup(local.client, table, "one", ["a"])).toEqual(["a"]);
    } finally {
      await local.stop();
    }
  });
});

describe("changing a table's indexes", () => {
  it("takes one change at a time, a free name and defined keys, and changes nothing otherwise", async () => {
    const local = await startTestEngine({ tableStatusMs: 200 });
    try {
      const table = await createKeyedTable(local.client, `t-${randomUUID()}`);
      const other = { ...byGroup, IndexName: "other" };
      await expect(
        local.client.send(
          new UpdateTableCommand({
            ...addByGroup(table),
            GlobalSecondaryIndexUpdates: [{ Create: byGroup }, { Create: other }],
          }),
        ),
      ).rejects.toThrow("Only 1 online index can be created or deleted simultaneously");
      await expect(
        local.client.send(
          new UpdateTableCommand({
            TableName: table,
            GlobalSecondaryIndexUpdates: [{ Create: byGroup }],
          }),
        ),
      ).rejects.toThrow("Some index key attributes are not defined in AttributeDefinitions");
      expect(await indexStatus(local.client, table)).toBeUndefined();
      await local.client.send(new UpdateTableCommand(addByGroup(table)));
      // While one is being built, no other change is taken.
      await expect(
        local.client.send(
          new UpdateTableCommand({
            ...addByGroup(table),
            GlobalSecondaryIndexUpdates: [{ Create: other }],
          }),
        ),
      ).rejects.toThrow("Only 1 online index can be created or deleted simultaneously");
      await untilActive(local.client, table);
      await expect(local.client.send(new UpdateTableCommand(addByGroup(table)))).rejects.toThrow(
        "Attempting to create an index which already exists: byGroup",
      );
    } finally {
      await local.stop();
    }
  });

  it("finishes filling an index that a stop cut short", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-engine-"));
    try {
      const first = await startTestEngine({ dataDir });
      const table = await createKeyedTable(first.client, `t-${randomUUID()}`);
      await put(first.client, table, "a", "one");
      await first.stop();
      // What a run stopped hard in the middle of filling leaves: the index described, still empty.
      const store = openStore({ path: path.join(dataDir, "tables") });
      await describeNewIndex(store, table, {
        create: byGroup,
        attributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "group", AttributeType: "S" },
        ],
      });
      await closeStore(store);
      const second = await startTestEngine({ dataDir });
      try {
        await untilActive(second.client, table);
        expect(await inGroup(second.client, table, "one", ["a"])).toEqual(["a"]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
