// Every Dwipp route beyond posting and the feed, through the local gateway with real tokens and
// the local engine: reading one, editing, deleting, upvotes, favorites and the caller's own lists.
import { randomUUID } from "node:crypto";
import { type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { localCredentials } from "@dwipper/local-cloud/credentials";
import { listsAll, requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const db = tablesClient(stack);
afterAll(() => db.destroy());

let author: TestUser;
let other: TestUser;

beforeAll(async () => {
  [author, other] = await Promise.all([createUser(stack, "Ada"), createUser(stack, "Grace")]);
});

const api = (user: TestUser, method: string, path: string, body?: unknown) =>
  callApi(stack, method, path, { token: user.idToken, body });

async function postDwipp(user = author, content = `thought ${randomUUID()}`) {
  const response = await api(user, "POST", "/dwipps", { content });
  expect(response.status).toBe(201);
  return response.json as Dwipp;
}

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ error: { code, message: expect.any(String) } });
}

async function allPages(user: TestUser, path: string, limit = 50): Promise<Dwipp[]> {
  const items: Dwipp[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await api(user, "GET", `${path}${query}`);
    expect(response.status).toBe(200);
    const page = response.json as Page<Dwipp>;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * What is left of a Dwipp's records, read strongly consistent (never through an index, which may
 * lag): upvotes and favorite markers in its partition, and the favorite records of `fans`.
 */
async function recordsOf(id: string, fans: TestUser[] = []) {
  const partition = await db.send(
    new QueryCommand({
      TableName: stack.dynamodb.tables.dwipps,
      KeyConditionExpression: "pk = :pk AND sk > :dwipp",
      ExpressionAttributeValues: { ":pk": `DWIPP#${id}`, ":dwipp": "DWIPP" },
      ConsistentRead: true,
    }),
  );
  const sks = (partition.Items ?? []).map((item) => String(item.sk));
  const favoriteRecords = await Promise.all(
    fans.map(
      async (fan) =>
        (
          await db.send(
            new GetCommand({
              TableName: stack.dynamodb.tables.favorites,
              Key: { pk: `USER#${fan.sub}`, sk: `DWIPP#${id}` },
              ConsistentRead: true,
            }),
          )
        ).Item,
    ),
  );
  return {
    upvotes: sks.filter((sk) => sk.startsWith("UPVOTE#")).length,
    favorites:
      sks.filter((sk) => sk.startsWith("FAVORITE#")).length +
      favoriteRecords.filter((item) => item !== undefined).length,
  };
}

describe("GET /dwipps/{id}", () => {
  it("returns the Dwipp with the caller's own flags", async () => {
    const dwipp = await postDwipp();
    await api(other, "PUT", `/dwipps/${dwipp.id}/upvote`);
    const mine = (await api(author, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    const theirs = (await api(other, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    expect(mine).toMatchObject({ id: dwipp.id, upvotes: 1, upvotedByMe: false });
    expect(theirs).toMatchObject({ id: dwipp.id, upvotes: 1, upvotedByMe: true });
  });

  it("answers 404 for an unknown id and 400 for one that is not a UUID", async () => {
    expectError(await api(author, "GET", `/dwipps/${randomUUID()}`), 404, "not_found");
    expectError(await api(author, "GET", "/dwipps/not-a-uuid"), 400, "invalid_request");
  });
});

describe("PATCH /dwipps/{id}", () => {
  it("lets the author change the text and marks it edited", async () => {
    const dwipp = await postDwipp();
    const response = await api(author, "PATCH", `/dwipps/${dwipp.id}`, {
      content: " New text\r\n",
    });
    expect(response.status).toBe(200);
    const edited = response.json as Dwipp;
    expect(edited).toMatchObject({ id: dwipp.id, content: "New text", createdAt: dwipp.createdAt });
    expect(Date.parse(edited.editedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(dwipp.createdAt));
  });

  it("refuses anyone else with 403 and changes nothing", async () => {
    const dwipp = await postDwipp();
    expectError(
      await api(other, "PATCH", `/dwipps/${dwipp.id}`, { content: "hijacked" }),
      403,
      "forbidden",
    );
    const stored = (await api(author, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    expect(stored.content).toBe(dwipp.content);
    expect(stored.editedAt).toBeNull();
  });

  it("lets nobody write any field but content", async () => {
    const dwipp = await postDwipp();
    for (const body of [
      { content: "x", upvotes: 100 },
      { content: "x", author: { id: other.sub, name: "Grace" } },
      { content: "x", createdAt: "2000-01-01T00:00:00.000Z" },
      { upvotes: 100 },
      { content: "" },
    ]) {
      expectError(await api(author, "PATCH", `/dwipps/${dwipp.id}`, body), 400, "invalid_request");
    }
    expect(((await api(author, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp).content).toBe(
      dwipp.content,
    );
  });

  it("answers 404 for an unknown Dwipp", async () => {
    expectError(
      await api(author, "PATCH", `/dwipps/${randomUUID()}`, { content: "x" }),
      404,
      "not_found",
    );
  });
});

describe("upvotes", () => {
  it("are set and unset idempotently, with the count beside them", async () => {
    const dwipp = await postDwipp();
    const path = `/dwipps/${dwipp.id}/upvote`;
    expect((await api(other, "PUT", path)).json).toEqual({ upvotes: 1, upvotedByMe: true });
    expect((await api(other, "PUT", path)).json).toEqual({ upvotes: 1, upvotedByMe: true });
    expect((await api(author, "PUT", path)).json).toEqual({ upvotes: 2, upvotedByMe: true });
    expect((await api(other, "DELETE", path)).json).toEqual({ upvotes: 1, upvotedByMe: false });
    expect((await api(other, "DELETE", path)).json).toEqual({ upvotes: 1, upvotedByMe: false });
    expect((await recordsOf(dwipp.id)).upvotes).toBe(1);
  });

  it("refuse a body, which the route does not take, and change nothing", async () => {
    const dwipp = await postDwipp();
    const path = `/dwipps/${dwipp.id}/upvote`;
    // What a client might mean by it (taking the upvote back) is not what a PUT does.
    expectError(await api(other, "PUT", path, { upvoted: false }), 400, "invalid_request");
    expect((await recordsOf(dwipp.id)).upvotes).toBe(0);
    expect((await api(author, "GET", `/dwipps/${dwipp.id}`)).json).toMatchObject({ upvotes: 0 });
    expectError(await api(author, "DELETE", `/dwipps/${dwipp.id}`, {}), 400, "invalid_request");
    expect((await api(author, "GET", `/dwipps/${dwipp.id}`)).status).toBe(200);
  });

  it("answer 404 for a Dwipp that does not exist", async () => {
    expectError(await api(other, "PUT", `/dwipps/${randomUUID()}/upvote`), 404, "not_found");
    expectError(await api(other, "DELETE", `/dwipps/${randomUUID()}/upvote`), 404, "not_found");
  });
});

describe("favorites", () => {
  it("are set and unset idempotently and listed most recently favorited first", async () => {
    const first = await postDwipp(author);
    const second = await postDwipp(author);
    const fan = await createUser(stack, "Fan");
    expect((await api(fan, "PUT", `/dwipps/${second.id}/favorite`)).json).toEqual({
      favorites: 1,
      favoritedByMe: true,
    });
    await api(fan, "PUT", `/dwipps/${first.id}/favorite`);
    await api(fan, "PUT", `/dwipps/${first.id}/favorite`);

    const listed = await whenIndexed(
      () => allPages(fan, "/me/favorites", 1),
      listsAll([first.id, second.id]),
    );
    expect(listed.map((item) => item.id)).toEqual([first.id, second.id]);
    expect(listed.every((item) => item.favoritedByMe && item.favorites === 1)).toBe(true);

    expect((await api(fan, "DELETE", `/dwipps/${first.id}/favorite`)).json).toEqual({
      favorites: 0,
      favoritedByMe: false,
    });
    // Unfavorited: never listed again, even while the index still holds the favorite.
    expect((await allPages(fan, "/me/favorites")).map((item) => item.id)).toEqual([second.id]);
  });
});

describe("GET /me/dwipps", () => {
  it("lists only the caller's Dwipps, newest first, across pages", async () => {
    const me = await createUser(stack, "Lin");
    const posted: string[] = [];
    for (let i = 0; i < 5; i++) posted.push((await postDwipp(me)).id);
    await postDwipp(other);
    const listed = await whenIndexed(() => allPages(me, "/me/dwipps", 2), listsAll(posted));
    expect(listed.map((item) => item.id)).toEqual(posted.reverse());
    expect(listed.every((item) => item.author.id === me.sub)).toBe(true);
  });

  it("refuses another list's cursor", async () => {
    const me = await createUser(stack, "Lin");
    await postDwipp(me);
    await postDwipp(me);
    // A page of one has a next page's cursor once the lagging index shows both Dwipps.
    const feed = await whenIndexed(
      async () => (await api(me, "GET", "/dwipps?limit=1")).json as Page<Dwipp>,
      (page) => page.nextCursor !== null,
    );
    expect(feed.nextCursor).not.toBeNull();
    expectError(
      await api(me, "GET", `/me/dwipps?cursor=${encodeURIComponent(feed.nextCursor ?? "")}`),
      400,
      "invalid_request",
    );
  });
});

describe("DELETE /dwipps/{id}", () => {
  it("refuses anyone but the author with 403 and deletes nothing", async () => {
    const dwipp = await postDwipp();
    expectError(await api(other, "DELETE", `/dwipps/${dwipp.id}`), 403, "forbidden");
    expect((await api(author, "GET", `/dwipps/${dwipp.id}`)).status).toBe(200);
  });

  it("removes the Dwipp everywhere at once, and its upvotes and favorites soon after", async () => {
    const dwipp = await postDwipp();
    const fan = await createUser(stack, "Fan");
    await api(fan, "PUT", `/dwipps/${dwipp.id}/upvote`);
    await api(fan, "PUT", `/dwipps/${dwipp.id}/favorite`);
    await api(author, "PUT", `/dwipps/${dwipp.id}/favorite`);

    const deleted = await api(author, "DELETE", `/dwipps/${dwipp.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");

    // At once, whether or not cleanup has run yet:
    expectError(await api(author, "GET", `/dwipps/${dwipp.id}`), 404, "not_found");
    expect((await allPages(fan, "/me/favorites")).some((item) => item.id === dwipp.id)).toBe(false);
    expect((await allPages(author, "/me/dwipps")).some((item) => item.id === dwipp.id)).toBe(false);
    const feed = (await api(fan, "GET", "/dwipps?limit=50")).json as Page<Dwipp>;
    expect(feed.items.some((item) => item.id === dwipp.id)).toBe(false);
    for (const [method, path] of [
      ["PUT", "upvote"],
      ["DELETE", "upvote"],
      ["PUT", "favorite"],
      ["DELETE", "favorite"],
    ] as const) {
      expectError(await api(fan, method, `/dwipps/${dwipp.id}/${path}`), 404, "not_found");
    }
    expectError(
      await api(author, "PATCH", `/dwipps/${dwipp.id}`, { content: "x" }),
      404,
      "not_found",
    );
    expectError(await api(author, "DELETE", `/dwipps/${dwipp.id}`), 404, "not_found");

    // A late retry of its creation cannot bring it back.
    expectError(
      await api(author, "POST", "/dwipps", { id: dwipp.id, content: dwipp.content }),
      409,
      "conflict",
    );

    // The stream subscriber removes the records it left.
    const deadline = Date.now() + 15_000;
    let left = await recordsOf(dwipp.id, [fan, author]);
    while ((left.upvotes > 0 || left.favorites > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = await recordsOf(dwipp.id, [fan, author]);
    }
    expect(left).toEqual({ upvotes: 0, favorites: 0 });
  });

  it("cleans up around a poisoned stream record, which lands in the failure queue and stays there", async () => {
    const [first, last] = [await postDwipp(), await postDwipp()];
    const fan = await createUser(stack, "Fan");
    for (const dwipp of [first, last]) {
      await api(fan, "PUT", `/dwipps/${dwipp.id}/upvote`);
      await api(fan, "PUT", `/dwipps/${dwipp.id}/favorite`);
    }
    // A tombstone no request could write (its id is no UUID), between two real deletions.
    const poisoned = `poison-${randomUUID()}`;
    await api(author, "DELETE", `/dwipps/${first.id}`);
    await db.send(
      new PutCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Item: { pk: `DWIPP#${poisoned}`, sk: "DWIPP", id: poisoned, authorId: author.sub },
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Key: { pk: `DWIPP#${poisoned}`, sk: "DWIPP" },
        UpdateExpression: "SET deletedAt = :now",
        ExpressionAttributeValues: { ":now": new Date().toISOString() },
      }),
    );
    await api(author, "DELETE", `/dwipps/${last.id}`);

    // Both real Dwipps are cleaned, before and after the poisoned record.
    const cleaned = async () => {
      const left = await Promise.all([recordsOf(first.id, [fan]), recordsOf(last.id, [fan])]);
      return left.every((records) => records.upvotes === 0 && records.favorites === 0);
    };
    const deadline = Date.now() + 20_000;
    while (!(await cleaned()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await cleaned()).toBe(true);

    // The poisoned one is described in the failure queue, and a redrive keeps it there.
    const { recordsOf: streamRecordsOf, handler: redrive } = await import(
      "@dwipper/functions/stream/redrive-follow-dwipps"
    );
    const { redriveOnce } = await import("@dwipper/local-cloud/dev/redrive");
    const sqs = new SQSClient({
      endpoint: stack.queues.endpoint,
      region: stack.region,
      credentials: localCredentials,
    });
    try {
      let message: Message | undefined;
      while (!message && Date.now() < deadline) {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: stack.queues.streamFailures,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
            WaitTimeSeconds: 1,
          }),
        );
        for (const candidate of received.Messages ?? []) {
          const info = JSON.parse(candidate.Body ?? "{}").DDBStreamBatchInfo;
          const keys = (await streamRecordsOf(info)).map((record) => record.dynamodb?.Keys?.pk?.S);
          if (keys.includes(`DWIPP#${poisoned}`)) message = candidate;
        }
      }
      expect(message).toBeDefined();
      const outcome = await redriveOnce(stack, redrive, 0);
      expect(outcome.failed).toBeGreaterThanOrEqual(1);
      // Still there, for a person to look at.
      const left = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.queues.streamFailures,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
        }),
      );
      expect(left.Messages?.map((entry) => entry.MessageId)).toContain(message?.MessageId);
    } finally {
      sqs.destroy();
    }
  });
});

// The engine's indexes trail the table by a few hundred milliseconds, as DynamoDB's may: every read
// below comes right after a write, before the indexes have caught up.
describe("right after a write, while the indexes lag", () => {
  const lists = (user: TestUser) =>
    Promise.all(
      ["/dwipps?limit=50", "/me/dwipps?limit=50", "/me/favorites?limit=50"].map(
        async (path) => ((await api(user, "GET", path)).json as Page<Dwipp>).items,
      ),
    );

  async function listedEverywhere(user: TestUser, id: string) {
    await requireIndexed(
      () => lists(user),
      (answers) => answers.every(listsAll([id])),
    );
  }

  it("no list shows a Dwipp once its DELETE has answered 204", async () => {
    const dwipp = await postDwipp();
    await api(author, "PUT", `/dwipps/${dwipp.id}/favorite`);
    await listedEverywhere(author, dwipp.id);
    expect((await api(author, "DELETE", `/dwipps/${dwipp.id}`)).status).toBe(204);
    for (const items of await lists(author)) {
      expect(items.some((item) => item.id === dwipp.id)).toBe(false);
    }
  });

  it("no list shows the old text once a PATCH has answered 200, and counts are exact", async () => {
    const dwipp = await postDwipp();
    await api(author, "PUT", `/dwipps/${dwipp.id}/favorite`);
    await listedEverywhere(author, dwipp.id);
    const text = `edited ${randomUUID()}`;
    expect((await api(author, "PATCH", `/dwipps/${dwipp.id}`, { content: text })).status).toBe(200);
    expect((await api(author, "PUT", `/dwipps/${dwipp.id}/upvote`)).status).toBe(200);
    for (const items of await lists(author)) {
      expect(items.find((item) => item.id === dwipp.id)).toMatchObject({
        content: text,
        upvotes: 1,
        upvotedByMe: true,
        favorites: 1,
        favoritedByMe: true,
      });
    }
    expect((await api(author, "DELETE", `/dwipps/${dwipp.id}/favorite`)).status).toBe(200);
    const [feed, , favorites] = await lists(author);
    expect(feed?.find((item) => item.id === dwipp.id)).toMatchObject({
      favorites: 0,
      favoritedByMe: false,
    });
    expect(favorites?.some((item) => item.id === dwipp.id)).toBe(false);
  });
});

describe("a favorite that outlived its Dwipp", () => {
  /** A favorite record whose Dwipp is gone, as one that escaped cleanup would be. */
  async function dangling(user: TestUser) {
    const dwippId = randomUUID();
    const favoritedAt = new Date().toISOString();
    await db.send(
      new PutCommand({
        TableName: stack.dynamodb.tables.favorites,
        Item: {
          pk: `USER#${user.sub}`,
          sk: `DWIPP#${dwippId}`,
          gsi1pk: `USER#${user.sub}`,
          gsi1sk: `${favoritedAt}#${dwippId}`,
          gsi2pk: `DWIPP#${dwippId}`,
          gsi2sk: `USER#${user.sub}`,
          userId: user.sub,
          dwippId,
          favoritedAt,
        },
      }),
    );
    return dwippId;
  }

  it("can be removed by its owner, and is then gone", async () => {
    const fan = await createUser(stack, "Fan");
    const dwippId = await dangling(fan);
    expectError(await api(fan, "DELETE", `/dwipps/${dwippId}/favorite`), 404, "not_found");
    const left = await db.send(
      new GetCommand({
        TableName: stack.dynamodb.tables.favorites,
        Key: { pk: `USER#${fan.sub}`, sk: `DWIPP#${dwippId}` },
        ConsistentRead: true,
      }),
    );
    expect(left.Item).toBeUndefined();
  });

  it("costs a page no more reads however many there are: pages stay their size and walk on", async () => {
    const fan = await createUser(stack, "Collector");
    const kept = await postDwipp(other);
    await api(fan, "PUT", `/dwipps/${kept.id}/favorite`);
    // Newer than the real favorite: 12 that point at nothing.
    for (let i = 0; i < 12; i++) await dangling(fan);
    const indexed = await whenIndexed(
      async () =>
        (
          await db.send(
            new QueryCommand({
              TableName: stack.dynamodb.tables.favorites,
              IndexName: "byUser",
              KeyConditionExpression: "gsi1pk = :user",
              ExpressionAttributeValues: { ":user": `USER#${fan.sub}` },
            }),
          )
        ).Items ?? [],
      (entries) => entries.length === 13,
    );
    expect(indexed).toHaveLength(13);
    const first = (await api(fan, "GET", "/me/favorites?limit=5")).json as Page<Dwipp>;
    // The first page read only its own 6 index entries: all dangling, none shown, more to come.
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const everything = await allPages(fan, "/me/favorites", 5);
    expect(everything.map((item) => item.id)).toEqual([kept.id]);
  });
});
