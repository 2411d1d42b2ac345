// Top through the local gateway: most upvoted first, ties newest first, per window; the order
// follows the upvotes off the request path (the stream) and the counts shown are exact. Other
// tests' Dwipps share the table, so each check finds this test's own Dwipps wherever they stand
// and compares their order.

import { randomUUID } from "node:crypto";
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Dwipp as DwippCore, Keys } from "@dwipper/core";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");

let author: TestUser;
let voters: TestUser[];

beforeAll(async () => {
  [author, ...voters] = await Promise.all([
    createUser(stack, "Ranked"),
    createUser(stack),
    createUser(stack),
    createUser(stack),
    createUser(stack),
  ]);
});

async function post(content: string): Promise<Dwipp> {
  return (await callApi(stack, "POST", "/dwipps", { token: author.idToken, body: { content } }))
    .json as Dwipp;
}

async function upvote(id: string, count: number) {
  for (const voter of voters.slice(0, count)) {
    await callApi(stack, "PUT", `/dwipps/${id}/upvote`, { token: voter.idToken });
  }
}

/** Where each of `ids` stands in a window of Top, read page by page (at most 10 pages). */
async function placesIn(window: string, ids: string[]): Promise<Dwipp[]> {
  const found: Dwipp[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const query: string = `/dwipps/top?window=${window}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await callApi(stack, "GET", query);
    expect(response.status).toBe(200);
    const answer = response.json as Page<Dwipp>;
    found.push(...answer.items.filter((item) => ids.includes(item.id)));
    cursor = answer.nextCursor;
    if (!cursor || found.length === ids.length) break;
  }
  return found;
}

const order = (dwipps: Dwipp[]) => dwipps.map((dwipp) => dwipp.content);

describe("Top", () => {
  it("ranks the most upvoted first and ties newest first, with exact counts, in every window", async () => {
    const tag = randomUUID().slice(0, 8);
    const older = await post(`older tie ${tag}`);
    const newer = await post(`newer tie ${tag}`);
    const best = await post(`best ${tag}`);
    await upvote(best.id, 3);
    await upvote(newer.id, 1);
    await upvote(older.id, 1);
    const ids = [older.id, newer.id, best.id];
    const expected = [`best ${tag}`, `newer tie ${tag}`, `older tie ${tag}`];
    for (const window of ["day", "week", "all"]) {
      const places = await whenIndexed(
        () => placesIn(window, ids),
        (found) => order(found).join() === expected.join(),
      );
      expect(order(places)).toEqual(expected);
      expect(places.map((dwipp) => dwipp.upvotes)).toEqual([3, 1, 1]);
    }
    // The default window is the day.
    const byDefault = (await callApi(stack, "GET", "/dwipps/top?limit=1")).json as Page<Dwipp>;
    expect(byDefault.items).toHaveLength(1);
  });

  it("follows the upvotes as they change, up and down", async () => {
    const tag = randomUUID().slice(0, 8);
    const first = await post(`rising ${tag}`);
    const second = await post(`falling ${tag}`);
    await upvote(second.id, 2);
    const ids = [first.id, second.id];
    const falling = [`falling ${tag}`, `rising ${tag}`];
    expect(
      order(
        await whenIndexed(
          () => placesIn("day", ids),
          (f) => order(f).join() === falling.join(),
        ),
      ),
    ).toEqual(falling);
    await upvote(first.id, 3);
    for (const voter of voters.slice(0, 2)) {
      await callApi(stack, "DELETE", `/dwipps/${second.id}/upvote`, { token: voter.idToken });
    }
    const rising = [`rising ${tag}`, `falling ${tag}`];
    const places = await whenIndexed(
      () => placesIn("day", ids),
      (f) => order(f).join() === rising.join(),
    );
    expect(order(places)).toEqual(rising);
    expect(places.map((dwipp) => dwipp.upvotes)).toEqual([3, 0]);
  });

  it("leaves out a deleted Dwipp", async () => {
    const gone = await post(`gone ${randomUUID()}`);
    await upvote(gone.id, 4);
    await requireIndexed(
      () => placesIn("all", [gone.id]),
      (found) => found.length === 1,
    );
    await callApi(stack, "DELETE", `/dwipps/${gone.id}`, { token: author.idToken });
    expect(await placesIn("all", [gone.id])).toEqual([]);
  });

  it("keeps a Dwipp posted 30 hours ago out of the day and in the week", async () => {
    const id = randomUUID();
    const author = { id: voters[0]?.sub ?? "", name: "Earlier" };
    await DwippCore.create(
      author,
      { id, content: "from yesterday" },
      new Date(Date.now() - 30 * 3600_000),
    );
    await requireIndexed(
      () => placesIn("week", [id]),
      (found) => found.length === 1,
    );
    expect(await placesIn("week", [id])).toHaveLength(1);
    expect(await placesIn("day", [id])).toEqual([]);
  });

  it("keeps the place written from the latest change when an older change arrives late", async () => {
    const db = tablesClient(stack);
    const id = randomUUID();
    const item = { id, createdAt: "2020-01-01T00:00:00.000Z", gsi1pk: Keys.feedPartition(0) };
    try {
      expect(await DwippCore.placeInTop({ ...item, upvotes: 5 } as DwippCore.Item, "200")).toBe(
        "placed",
      );
      expect(await DwippCore.placeInTop({ ...item, upvotes: 1 } as DwippCore.Item, "100")).toBe(
        "superseded",
      );
      const stored = await db.send(
        new GetCommand({
          TableName: stack.dynamodb.tables.dwipps,
          Key: Keys.rankKey(id),
          ConsistentRead: true,
        }),
      );
      expect(stored.Item?.rank).toBe(Keys.rankOrder(5, item.createdAt, id));
    } finally {
      await db.send(
        new DeleteCommand({ TableName: stack.dynamodb.tables.dwipps, Key: Keys.rankKey(id) }),
      );
    }
  });

  it("refuses a window it does not know", async () => {
    const response = await callApi(stack, "GET", "/dwipps/top?window=month");
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: "invalid_request" } });
  });
});
