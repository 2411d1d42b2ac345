// A table kept in `.local/` from an older definition is brought to the current one when the local
// cloud starts, as a deploy brings it on AWS: an index it lacks is added, one whose projection
// changed is built again, each filled with the items the table already holds.
import { randomUUID } from "node:crypto";
import { DescribeTableCommand, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "@dwipper/core/table-definitions";
import { indexPartition, startTestEngine } from "@dwipper/dynamodb-engine/testing";
import { whenIndexed } from "@dwipper/testing/indexes";
import { expect, it } from "vitest";
import { ensureTable } from "./dynamodb";

const before: TableDefinition = {
  fields: { pk: "string" },
  primaryIndex: { hashKey: "pk" },
  globalIndexes: {},
};
const after: TableDefinition = {
  ...before,
  fields: { pk: "string", group: "string" },
  globalIndexes: {
    byGroup: { hashKey: "group", rangeKey: "pk", projection: "keys-only" },
    byGroupWhole: { hashKey: "group", rangeKey: "pk" },
  },
};

it("adds the indexes an older table lacks, one at a time, filled with its items", async () => {
  // Indexes lag and take a moment to build, as on AWS.
  const local = await startTestEngine({ readLagMs: 300, tableStatusMs: 100 });
  try {
    const name = `t-${randomUUID()}`;
    await ensureTable(local.client, name, before);
    for (const pk of ["a", "b"]) {
      await local.client.send(
        new PutItemCommand({
          TableName: name,
          Item: { pk: { S: pk }, group: { S: "one" }, body: { S: `text ${pk}` } },
        }),
      );
    }
    await ensureTable(local.client, name, after);
    for (const [index, expected] of [
      ["byGroup", [{ pk: "a" }, { pk: "b" }]],
      [
        "byGroupWhole",
        [
          { pk: "a", body: "text a" },
          { pk: "b", body: "text b" },
        ],
      ],
    ] as const) {
      const read = async () => {
        const { Items } = await local.client.send(
          new QueryCommand({
            TableName: name,
            IndexName: index,
            KeyConditionExpression: "#g = :g",
            ExpressionAttributeNames: { "#g": "group" },
            ExpressionAttributeValues: { ":g": { S: "one" } },
          }),
        );
        return (Items ?? []).map((item) => ({
          pk: item.pk?.S,
          ...(item.body ? { body: item.body.S } : {}),
        }));
      };
      // The items were written a moment ago, and indexes trail their table.
      const shown = await whenIndexed(read, (found) => found.length === expected.length);
      expect(shown).toEqual(expected);
    }
  } finally {
    await local.stop();
  }
});

it("builds again an index whose projection changed, keys only where it copied everything", async () => {
  const local = await startTestEngine({ readLagMs: 300, tableStatusMs: 100 });
  try {
    const name = `t-${randomUUID()}`;
    const whole: TableDefinition = {
      fields: { pk: "string", group: "string" },
      primaryIndex: { hashKey: "pk" },
      globalIndexes: { byGroup: { hashKey: "group", rangeKey: "pk" } },
    };
    await ensureTable(local.client, name, whole);
    await local.client.send(
      new PutItemCommand({
        TableName: name,
        Item: { pk: { S: "a" }, group: { S: "one" }, body: { S: "text a" } },
      }),
    );
    await ensureTable(local.client, name, {
      ...whole,
      globalIndexes: { byGroup: { hashKey: "group", rangeKey: "pk", projection: "keys-only" } },
    });
    const { Table } = await local.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.Projection?.ProjectionType)).toEqual(
      ["KEYS_ONLY"],
    );
    const entries = await whenIndexed(
      () =>
        indexPartition(local.client, {
          table: name,
          index: "byGroup",
          attribute: "group",
          value: "one",
        }),
      (found) => found.length === 1,
    );
    expect(entries).toEqual([{ pk: { S: "a" }, group: { S: "one" } }]);
  } finally {
    await local.stop();
  }
});
