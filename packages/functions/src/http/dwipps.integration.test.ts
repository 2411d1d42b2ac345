// POST /dwipps and GET /dwipps through the local gateway, with real tokens and the local DynamoDB engine.
import { randomUUID } from "node:crypto";
import { UpdateUserAttributesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { DEFAULT_BUDGETS } from "@dwipper/core/budget";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { dwippIdOf, dwippPartition } from "@dwipper/core/keys";
import { cognitoClient, signIn } from "@dwipper/local-cloud/accounts";
import {
  inOneMinute,
  mostReadsTaken,
  READS_LEFT,
  readsTakenAlready,
  readUntilRefused,
} from "@dwipper/testing/budgets";
import { listsAll, requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";

import { callApi, createUser } from "@dwipper/testing/users";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const db = tablesClient(stack);
afterAll(() => db.destroy());

/** A Dwipp's item as stored, read consistently. */
async function stored(id: string) {
  const result = await db.send(
    new GetCommand({
      TableName: stack.dynamodb.tables.dwipps,
      Key: { pk: `DWIPP#${id}`, sk: "DWIPP" },
      ConsistentRead: true,
    }),
  );
  return result.Item;
}
let author: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  [author, other] = await Promise.all([createUser(stack, "Ada"), createUser(stack, "Grace")]);
});

const post = (body: unknown, token = author.idToken) =>
  callApi(stack, "POST", "/dwipps", { token, body });

async function feedPage(query = "", token = author.idToken) {
  return callApi(stack, "GET", `/dwipps${query}`, { token });
}

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ error: { code, message: expect.any(String) } });
}

describe("POST /dwipps", () => {
  it("creates a Dwipp authored by the caller, with the name from the token", async () => {
    const response = await post({ content: "  Is a hot dog a sandwich?\r\n" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const dwipp = response.json as Dwipp;
    expect(dwipp).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      content: "Is a hot dog a sandwich?",
      author: { id: author.sub, name: "Ada" },
      createdAt: expect.any(String),
      editedAt: null,
      upvotes: 0,
      favorites: 0,
      upvotedByMe: false,
      favoritedByMe: false,
    });
    expect(JSON.stringify(dwipp)).not.toContain(author.email);
  });

  it("is safe to retry with a client id: the same request returns 200 and creates nothing", async () => {
    const id = randomUUID();
    const first = await post({ id, content: "Retry me" });
    const again = await post({ id, content: "Retry me" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const feed = await whenIndexed(
      async () => (await feedPage("?limit=50")).json as Page<Dwipp>,
      (page) => listsAll([id])(page.items),
    );
    expect(feed.items.filter((item) => item.id === id)).toHaveLength(1);
  });

  it("takes a client id in capitals as the same UUID: one Dwipp, found by either spelling", async () => {
    const id = randomUUID();
    const first = await post({ id: id.toUpperCase(), content: "Spelled loudly" });
    expect(first.status).toBe(201);
    expect((first.json as Dwipp).id).toBe(id);
    const again = await post({ id, content: "Spelled loudly" });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expectError(await post({ id: id.toUpperCase(), content: "Other" }), 409, "conflict");

    const byCapitals = `/dwipps/${id.toUpperCase()}`;
    const read = await callApi(stack, "GET", byCapitals, { token: other.idToken });
    expect(read.status).toBe(200);
    expect((read.json as Dwipp).id).toBe(id);
    const upvote = await callApi(stack, "PUT", `${byCapitals}/upvote`, { token: other.idToken });
    expect(upvote.json).toEqual({ upvotes: 1, upvotedByMe: true });
    expect(await stored(id.toUpperCase())).toBeUndefined();

    const feed = await whenIndexed(
      async () => (await feedPage("?limit=50")).json as Page<Dwipp>,
      (page) => listsAll([id])(page.items),
    );
    const listed = feed.items.filter((item) => item.id.toLowerCase() === id);
    expect(listed).toEqual([expect.objectContaining({ id, upvotes: 1 })]);

    const profile = await callApi(stack, "GET", `/users/${author.sub.toUpperCase()}`);
    expect(profile.status).toBe(200);
    expect(profile.json).toMatchObject({ id: author.sub });
  });

  it("answers 409 when the id names a different Dwipp, and changes nothing", async () => {
    const id = randomUUID();
    await post({ id, content: "Original" });
    expectError(await post({ id, content: "Something else" }), 409, "conflict");
    expectError(await post({ id, content: "Original" }, other.idToken), 409, "conflict");
    const feed = await whenIndexed(
      async () => (await feedPage("?limit=50")).json as Page<Dwipp>,
      (page) => listsAll([id])(page.items),
    );
    const stored = feed.items.find((item) => item.id === id);
    expect(stored?.content).toBe("Original");
    expect(stored?.author.id).toBe(author.sub);
  });

  it.each([
    ["malformed JSON", "{nope", 400, "invalid_request"],
    ["an empty body", "", 400, "invalid_request"],
    ["a JSON array", "[]", 400, "invalid_request"],
    ["missing content", "{}", 400, "invalid_request"],
    ["content of the wrong type", '{"content":5}', 400, "invalid_request"],
    ["blank content", '{"content":"   "}', 400, "invalid_request"],
    [
      "content nobody could see",
      JSON.stringify({ content: "\u200B\u3164" }),
      400,
      "invalid_request",
    ],
    ["281 characters", JSON.stringify({ content: "x".repeat(281) }), 400, "invalid_request"],
    ["a control character", JSON.stringify({ content: "a\u0007" }), 400, "invalid_request"],
    ["an unknown field", '{"content":"hi","upvotes":99}', 400, "invalid_request"],
    ["an author field", '{"content":"hi","author":{"id":"x","name":"y"}}', 400, "invalid_request"],
    ["an id that is not a UUID", '{"content":"hi","id":"abc"}', 400, "invalid_request"],
    [
      "a body over 16 KiB",
      JSON.stringify({ content: "x".repeat(17_000) }),
      413,
      "payload_too_large",
    ],
  ])("refuses %s and stores nothing", async (_, rawBody, status, code) => {
    const marker = randomUUID();
    const body = rawBody.replace('"hi"', `"hi ${marker}"`);
    const response = await callApi(stack, "POST", "/dwipps", {
      token: author.idToken,
      rawBody: body,
      headers: { "content-type": "application/json" },
    });
    expectError(response, status, code);
    const feed = (await feedPage("?limit=50")).json as Page<Dwipp>;
    expect(feed.items.some((item) => item.content.includes(marker))).toBe(false);
  });

  it("refuses a Dwipp from someone who changed their name past the name rule, and stores nothing", async () => {
    const renamed = await createUser(stack, "Ada Renamed");
    const cognito = cognitoClient(stack);
    try {
      // Cognito's pre-sign-up trigger does not run on an update; only the pool's length holds.
      await cognito.send(
        new UpdateUserAttributesCommand({
          AccessToken: renamed.accessToken,
          UserAttributes: [{ Name: "name", Value: "\u202Eevol adA" }],
        }),
      );
      const tokens = await signIn(stack, cognito, renamed.email, renamed.password);
      expect(decodeJwt(tokens.idToken).name).toBe("\u202Eevol adA");
      const marker = randomUUID();
      const response = await callApi(stack, "POST", "/dwipps", {
        token: tokens.idToken,
        body: { content: `Backwards ${marker}` },
      });
      expectError(response, 400, "invalid_request");
      expect((response.json as { error: { message: string } }).error.message).toMatch(
        /direction of text/,
      );
      // The profile's count is read consistently and changes with any post: none was made.
      const profile = await callApi(stack, "GET", `/users/${renamed.sub}`);
      expect((profile.json as { dwipps: number }).dwipps).toBe(0);
    } finally {
      cognito.destroy();
    }
  });

  it("answers 429 with Retry-After once a person has posted 20 Dwipps in a minute", async () => {
    const eager = await createUser(stack, "Eager");
    await inOneMinute();
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => post({ content: `thought ${i}` }, eager.idToken)),
    );
    const refused = results.filter((result) => result.status === 429);
    expect(results.filter((result) => result.status === 201)).toHaveLength(20);
    expect(refused).toHaveLength(4);
    for (const result of refused) {
      expectError(result, 429, "rate_limited");
      expect(Number(result.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(result.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    }
    const posted = results.flatMap((result) =>
      result.status === 201 ? [(result.json as Dwipp).id] : [],
    );
    const mine = await whenIndexed(
      async () =>
        (await callApi(stack, "GET", "/me/dwipps?limit=50", { token: eager.idToken }))
          .json as Page<Dwipp>,
      (page) => listsAll(posted)(page.items),
    );
    expect(mine.items).toHaveLength(20);
  });

  it("answers 429 with Retry-After to a person who reads past their budget, and only to them", async () => {
    const reader = await createUser(stack, "Reader");
    await readsTakenAlready(stack, reader.sub, DEFAULT_BUDGETS.reads - READS_LEFT);
    const read = () => callApi(stack, "GET", `/dwipps/${randomUUID()}`, { token: reader.idToken });
    const { answered, refusal } = await readUntilRefused(read, (result) => result.status, 404);
    expect(await mostReadsTaken(stack, reader.sub)).toBe(DEFAULT_BUDGETS.reads);
    // No more than were left is answered: twice as many if a minute ended while it read.
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(2 * READS_LEFT);
    if (!refusal) throw new Error("never refused");
    expectError(refusal, 429, "rate_limited");
    expect(Number(refusal.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refusal.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Their changes have a budget of their own, and other people read as before.
    expect((await post({ content: "still here" }, reader.idToken)).status).toBe(201);
    expect((await feedPage("?limit=1", other.idToken)).status).toBe(200);
  });

  it("answers 415 to a body that is not JSON", async () => {
    const response = await callApi(stack, "POST", "/dwipps", {
      token: author.idToken,
      rawBody: "content=hi",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expectError(response, 415, "unsupported_media_type");
  });
});

describe("GET /dwipps", () => {
  it("pages through everyone's Dwipps, newest first, without duplicates or gaps", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) {
      const token = i % 2 ? author.idToken : other.idToken;
      const created = await post({ content: `walk ${i}` }, token);
      mine.push((created.json as Dwipp).id);
    }
    await requireIndexed(
      async () => (await feedPage("?limit=50")).json as Page<Dwipp>,
      (page) => listsAll(mine)(page.items),
    );
    const seen: Dwipp[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await feedPage(query);
      expect(response.status).toBe(200);
      const page = response.json as Page<Dwipp>;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      // Stop once past our own Dwipps: other tests' older ones may follow.
    } while (cursor && !mine.every((id) => seen.some((item) => item.id === id)) && pages < 100);

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const order = seen.map((item) => `${item.createdAt}#${item.id}`);
    expect(order).toEqual([...order].sort().reverse());
    const positions = mine.map((id) => ids.indexOf(id));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
  });

  it("chooses each Dwipp's feed shard itself, whatever ids a client picks", async () => {
    // Ids that all start alike: a shard taken from the id would put every one in the same shard.
    const poster = await createUser(stack, "Picky");
    const ids = Array.from({ length: 12 }, () => `0${randomUUID().slice(1)}`);
    for (const id of ids)
      expect((await post({ id, content: "same start" }, poster.idToken)).status).toBe(201);
    const shards = await Promise.all(ids.map(async (id) => (await stored(id))?.gsi1pk));
    expect(shards.every((shard) => /^FEED#[0-3]$/.test(String(shard)))).toBe(true);
    expect(new Set(shards).size).toBeGreaterThan(1);
  });

  it("keeps only keys in the feed's and the author's indexes, so a vote or an edit writes neither", async () => {
    const created = await post({ content: "only my keys are copied" });
    expect(created.status).toBe(201);
    const { id } = created.json as Dwipp;
    const item = await stored(id);
    const entryIn = (index: string, key: string, order: string) =>
      whenIndexed(
        async () => {
          const result = await db.send(
            new QueryCommand({
              TableName: stack.dynamodb.tables.dwipps,
              IndexName: index,
              KeyConditionExpression: "#key = :value AND #order = :at",
              ExpressionAttributeNames: { "#key": key, "#order": order },
              ExpressionAttributeValues: { ":value": item?.[key], ":at": item?.[order] },
            }),
          );
          return result.Items?.[0];
        },
        (entry) => entry !== undefined,
      );
    const feedEntry = await entryIn("feed", "gsi1pk", "gsi1sk");
    expect(Object.keys(feedEntry ?? {}).sort()).toEqual(["gsi1pk", "gsi1sk", "pk", "sk"]);
    const authorEntry = await entryIn("byAuthor", "gsi2pk", "gsi2sk");
    expect(Object.keys(authorEntry ?? {}).sort()).toEqual(["gsi2pk", "gsi2sk", "pk", "sk"]);
    expect(feedEntry?.pk).toBe(dwippPartition(id));
  });

  it("lists the newest when they all landed in one shard", async () => {
    // A page of 20 needs 21 from one shard (the last proves more exist). The server spreads
    // Dwipps at random, so these are moved into shard 0 by hand.
    // Two people, each within the posting budget of 20 a minute.
    const posters = await Promise.all([createUser(stack, "Crowd"), createUser(stack, "Crowd")]);
    const mine: Dwipp[] = [];
    for (let i = 0; i < 25; i++) {
      const created = await post({ content: `crowded shard ${i}` }, posters[i % 2]?.idToken);
      expect(created.status).toBe(201);
      mine.unshift(created.json as Dwipp);
    }
    for (const dwipp of mine) {
      await db.send(
        new UpdateCommand({
          TableName: stack.dynamodb.tables.dwipps,
          Key: { pk: `DWIPP#${dwipp.id}`, sk: "DWIPP" },
          UpdateExpression: "SET gsi1pk = :shard",
          ExpressionAttributeValues: { ":shard": "FEED#0" },
        }),
      );
    }
    const inShardZero = await whenIndexed(
      async () => {
        const result = await db.send(
          new QueryCommand({
            TableName: stack.dynamodb.tables.dwipps,
            IndexName: "feed",
            KeyConditionExpression: "gsi1pk = :shard",
            ExpressionAttributeValues: { ":shard": "FEED#0" },
            ScanIndexForward: false,
            Limit: 60,
          }),
        );
        // The index holds keys only: each entry names its Dwipp by its key.
        return (result.Items ?? []).map((entry) => ({ id: dwippIdOf(String(entry.pk)) ?? "" }));
      },
      listsAll(mine.map((dwipp) => dwipp.id)),
    );
    expect(listsAll(mine.map((dwipp) => dwipp.id))(inShardZero)).toBe(true);
    const key = (dwipp: Dwipp) => `${dwipp.createdAt}#${dwipp.id}`;
    const page = await whenIndexed(
      async () => (await feedPage("?limit=20")).json as Page<Dwipp>,
      (answer) => listsAll([(mine[0] as Dwipp).id])(answer.items),
    );
    // The page is cut at 20 index entries. It can be short by a Dwipp another test deleted while
    // the index still listed it (lists read their Dwipps afresh, ADR 0010), so it says more
    // follow rather than count exactly 20.
    expect(page.items.length).toBeLessThanOrEqual(20);
    expect(page.nextCursor).toBeTruthy();
    const order = page.items.map(key);
    expect(order).toEqual([...order].sort().reverse());
    // Others may post meanwhile, but nothing older than our 20th newest can be on the page, and
    // ours appear newest first with none skipped.
    expect((order.at(-1) ?? "") >= key(mine[19] as Dwipp)).toBe(true);
    const ids = page.items.map((item) => item.id);
    const shown = mine.map((dwipp) => dwipp.id).filter((id) => ids.includes(id));
    expect(shown).toEqual(mine.slice(0, shown.length).map((dwipp) => dwipp.id));
  });

  it("serves 20 by default and at most 50", async () => {
    // Posted by two people of their own, each within the posting budget of 20 a minute, so that
    // the file's other tests, whatever their order, find the author's budget whole.
    const posters = await Promise.all([createUser(stack, "Filler"), createUser(stack, "Filler")]);
    const filler: string[] = [];
    for (let i = 0; i < 21; i++) {
      const created = await post({ content: `filler ${i}` }, posters[i % 2]?.idToken);
      expect(created.status).toBe(201);
      filler.push((created.json as Dwipp).id);
    }
    // The feed's index trails the posts: the page is read once it lists all of them.
    await requireIndexed(
      async () => (await feedPage("?limit=50")).json as Page<Dwipp>,
      (page) => listsAll(filler)(page.items),
    );
    // A page is cut at its 20th index entry: a Dwipp another caller deleted while the index still
    // lists it leaves the page short (ADR 0010) until the index catches up. A wrong default never
    // reads 20.
    const byDefault = await whenIndexed(
      async () => (await feedPage()).json as Page<Dwipp>,
      (page) => page.items.length === 20,
    );
    expect(byDefault.items).toHaveLength(20);
    expect(byDefault.nextCursor).not.toBeNull();
    const ofOne = await whenIndexed(
      async () => (await feedPage("?limit=1")).json as Page<Dwipp>,
      (page) => page.items.length === 1,
    );
    expect(ofOne.items).toHaveLength(1);
  });

  it.each([
    "?limit=0",
    "?limit=51",
    "?limit=abc",
    "?limit=-1",
    "?limit=1.5",
    "?sort=old",
    "?cursor=",
  ])("refuses %s with 400", async (query) => {
    expectError(await feedPage(query), 400, "invalid_request");
  });

  it("refuses a tampered, forged or borrowed cursor with 400", async () => {
    await post({ content: "one" });
    await post({ content: "two" });
    // A page of one has a next page's cursor once the lagging index shows both Dwipps.
    const page = await whenIndexed(
      async () => (await feedPage("?limit=1")).json as Page<Dwipp>,
      (answer) => answer.nextCursor !== null,
    );
    const cursor = page.nextCursor ?? "";
    expect(cursor).not.toBe("");
    const [payload, mac] = cursor.split(".");
    const tampered = `${Buffer.from("9999-12-31T00:00:00.000Z#x").toString("base64url")}.${mac}`;
    for (const bad of [tampered, `${payload}.AAAA`, "garbage", cursor.slice(0, -2)]) {
      expectError(await feedPage(`?cursor=${encodeURIComponent(bad)}`), 400, "invalid_request");
    }
    const borrowed = await feedPage(`?cursor=${encodeURIComponent(cursor)}`, other.idToken);
    expectError(borrowed, 400, "invalid_request");
    expect((await feedPage(`?cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);
  });
});
