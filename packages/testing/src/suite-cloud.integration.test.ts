// Holds that the integration suite's own cloud is as weak as AWS where the suite's other tests count
// on it: a read right after a write misses it through an index and when not consistent. Those tests
// pass on a kinder engine too (they wait for the indexes either way), so without this a setting that
// turned the lag off for the suite would make every one of them prove less, unseen.
import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { indexes } from "@dwipper/core/keys";
import { afterAll, expect, inject, it } from "vitest";
import { requireIndexed } from "./indexes";
import { tablesClient } from "./tables";

const stack = inject("stack");
const db = tablesClient(stack);
afterAll(() => db.destroy());

/** Reads answered this soon after the write's answer were surely served within the lag (300 ms). */
const WITHIN_LAG_MS = 150;

it("misses a write right after it through an index and an eventually consistent read, as AWS may", async () => {
  const TableName = stack.dynamodb.tables.favorites;
  // A favorite of a person no one else knows: nothing reads it but this test.
  for (let attempt = 1; ; attempt++) {
    const person = `USER#suite-cloud-${randomUUID()}`;
    const key = { pk: person, sk: `DWIPP#${randomUUID()}` };
    await db.send(
      new PutCommand({ TableName, Item: { ...key, gsi1pk: person, gsi1sk: `now#${key.sk}` } }),
    );
    const written = Date.now();
    const byUser = () =>
      db.send(
        new QueryCommand({
          TableName,
          IndexName: indexes.favorites.byUser,
          KeyConditionExpression: "gsi1pk = :person",
          ExpressionAttributeValues: { ":person": person },
        }),
      );
    const [eventual, consistent, indexed] = await Promise.all([
      db.send(new GetCommand({ TableName, Key: key })),
      db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
      byUser(),
    ]);
    // A machine that stalled between the write and the reads proves nothing either way: again.
    if (Date.now() - written > WITHIN_LAG_MS && attempt < 10) continue;
    expect(consistent.Item).toMatchObject(key);
    expect(eventual.Item).toBeUndefined();
    expect(indexed.Items).toEqual([]);
    // And they catch up, as AWS's do.
    await requireIndexed(byUser, (answer) => answer.Items?.length === 1);
    expect((await db.send(new GetCommand({ TableName, Key: key }))).Item).toMatchObject(key);
    return;
  }
});
