// A table kept in `.local/` from before an index existed gets the index when the local cloud starts,
// filled with the items it already holds, as a deploy adds one on AWS.
import { randomUUID } from "node:crypto";
import { PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "@dwipper/core/table-definitions";
import { startTestEngine } from "@dwipper/dynamodb-engine/testing";
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
  const local = await startTestEngine({ indexLagMs: 300, tableStatusMs: 100 });
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
