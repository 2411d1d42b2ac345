// Honest edits through the local gateway: each edit keeps the text it replaced, anyone can read
// those texts, a Dwipp takes ten edits and then refuses more, and the history goes with the Dwipp.
// And the feed's `since`, which the web app asks for the Dwipps posted after the newest it shows.

import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "@dwipper/core";
import type { Dwipp, History, Page } from "@dwipper/core/dwipp/schema";
import { whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const db = tablesClient(stack);

const post = async (user: TestUser, content: string) => {
  const answer = await callApi(stack, "POST", "/dwipps", {
    token: user.idToken,
    body: { content },
  });
  expect(answer.status).toBe(201);
  return answer.json as Dwipp;
};
const edit = (user: TestUser, id: string, content: string) =>
  callApi(stack, "PATCH", `/dwipps/${id}`, { token: user.idToken, body: { content } });
const historyOf = (id: string, token?: string) =>
  callApi(stack, "GET", `/dwipps/${id}/history`, token ? { token } : {});

describe("a Dwipp's history", () => {
  it("keeps every replaced text, newest first, with when it was replaced, for anyone to read", async () => {
    const author = await createUser(stack, "Editor");
    const dwipp = await post(author, "First thought");
    expect((await historyOf(dwipp.id)).json).toEqual({ items: [] });
    const before = Date.now();
    expect((await edit(author, dwipp.id, "Second thought")).status).toBe(200);
    const last = await edit(author, dwipp.id, "Third thought");
    expect(last.json).toMatchObject({ content: "Third thought" });
    // The same text again is no edit: nothing is kept, nothing is counted.
    expect((await edit(author, dwipp.id, "Third thought")).status).toBe(200);

    const answer = await historyOf(dwipp.id);
    expect(answer.status).toBe(200);
    const { items } = answer.json as History;
    expect(items.map((revision) => revision.content)).toEqual(["Second thought", "First thought"]);
    for (const revision of items) {
      expect(Date.parse(revision.at)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(Date.parse(items[0]?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(items[1]?.at ?? ""));
    expect(items[0]?.at).toBe((last.json as Dwipp).editedAt);
    // Signed in, the answer is the same.
    expect((await historyOf(dwipp.id, author.idToken)).json).toEqual(answer.json);
  });

  it("takes ten edits; the eleventh is a 409 that changes nothing", async () => {
    const author = await createUser(stack);
    const dwipp = await post(author, "Version 0");
    for (let n = 1; n <= 10; n++) {
      expect((await edit(author, dwipp.id, `Version ${n}`)).status).toBe(200);
    }
    const refused = await edit(author, dwipp.id, "Version 11");
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: "conflict" } });
    const now = (await callApi(stack, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    expect(now.content).toBe("Version 10");
    const { items } = (await historyOf(dwipp.id)).json as History;
    expect(items.map((revision) => revision.content)).toEqual(
      Array.from({ length: 10 }, (_, n) => `Version ${9 - n}`),
    );
  });

  it("loses no text when edits race: every accepted edit's predecessor is kept once", async () => {
    const author = await createUser(stack);
    const dwipp = await post(author, "Start");
    const texts = Array.from({ length: 5 }, (_, n) => `Racer ${n}`);
    const answers = await Promise.all(texts.map((text) => edit(author, dwipp.id, text)));
    expect(answers.map((answer) => answer.status).every((status) => status === 200)).toBe(true);
    const now = (await callApi(stack, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    const { items } = (await historyOf(dwipp.id)).json as History;
    // Start and every racer appear exactly once: as the text now, or as a replaced one.
    expect([now.content, ...items.map((revision) => revision.content)].sort()).toEqual(
      ["Start", ...texts].sort(),
    );
  });

  it("refuses others' edits with no trace, and answers 404 and 400 in the API's shape", async () => {
    const author = await createUser(stack);
    const other = await createUser(stack);
    const dwipp = await post(author, "Mine");
    expect((await edit(other, dwipp.id, "Theirs")).status).toBe(403);
    expect((await historyOf(dwipp.id)).json).toEqual({ items: [] });
    const unknown = await historyOf(crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: "not_found" } });
    expect((await historyOf("not-a-uuid")).status).toBe(400);
    expect((await historyOf(dwipp.id, "not.a.token")).status).toBe(401);
  });

  it("goes with the Dwipp when it is deleted", async () => {
    const author = await createUser(stack);
    const dwipp = await post(author, "Soon gone");
    await edit(author, dwipp.id, "Soon gone, edited");
    expect(
      (await callApi(stack, "DELETE", `/dwipps/${dwipp.id}`, { token: author.idToken })).status,
    ).toBe(204);
    expect((await historyOf(dwipp.id)).status).toBe(404);
    // The cleanup, off the request path, removes the kept texts from the table too.
    const revisions = () =>
      db
        .send(
          new QueryCommand({
            TableName: stack.dynamodb.tables.dwipps,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :revisions)",
            ExpressionAttributeValues: {
              ":pk": Keys.dwippPartition(dwipp.id),
              ":revisions": Keys.REVISIONS,
            },
            ConsistentRead: true,
          }),
        )
        .then((answer) => answer.Items ?? []);
    expect(await whenIndexed(revisions, (items) => items.length === 0, 10_000)).toEqual([]);
  });
});

describe("the feed since a time", () => {
  const feedSince = async (since: string) =>
    (await callApi(stack, "GET", `/dwipps?since=${encodeURIComponent(since)}&limit=50`))
      .json as Page<Dwipp>;

  it("lists only what was posted after it, the same instant's included", async () => {
    const author = await createUser(stack);
    const first = await post(author, "Already seen");
    const second = await post(author, "Posted after");
    const answer = await whenIndexed(
      () => feedSince(first.createdAt),
      (page) => page.items.some((item) => item.id === second.id),
    );
    const ids = answer.items.map((item) => item.id);
    expect(ids).toContain(second.id);
    expect(ids).toContain(first.id);
    for (const item of answer.items) expect(item.createdAt >= first.createdAt).toBe(true);
    const later = await feedSince(new Date(Date.parse(second.createdAt) + 1).toISOString());
    expect(later.items.map((item) => item.id)).not.toContain(second.id);
  });

  it("refuses a since that is no time, or one sent with a cursor", async () => {
    const bad = await callApi(stack, "GET", "/dwipps?since=yesterday");
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "invalid_request" } });
    // Refused for the pair, whatever the cursor says.
    const both = await callApi(stack, "GET", `/dwipps?since=${new Date().toISOString()}&cursor=x`);
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.json)).toContain("since and cursor");
  });
});
