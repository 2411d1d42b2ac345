// A write DynamoDB commits can lose its answer on the way back, and the SDK sends it again (ADR
// 0057). Against an engine that loses the answer to the first try of every committed write, each
// route that writes is answered as if nothing had been lost, and nothing is done twice: a post,
// an edit, a deletion (an older Dwipp's too), votes and their notifications (and their leaving
// with a deleted Dwipp), the backfill's count, a person's budget.
import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "@dwipper/core";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import type { NotificationPage } from "@dwipper/core/notification/schema";
import type { Profile } from "@dwipper/core/profile/schema";
import { backfillStack } from "@dwipper/local-cloud/dev/backfill";
import type { LocalCloud } from "@dwipper/local-cloud/local-cloud";
import { cloudWithEngine, restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { PIPELINE_WAIT_MS, requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

restoreEnvironmentAfterAll();

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await cloudWithEngine({ lostAnswerRate: 1 });
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
});

const api = (method: string, path: string, user?: TestUser, body?: unknown) =>
  callApi(cloud.stack, method, path, {
    ...(user ? { token: user.idToken } : {}),
    ...(body ? { body } : {}),
  });
const profileOf = async (user: TestUser) =>
  (await api("GET", `/users/${user.sub}`)).json as Profile;

// Two tests wait on the notices' pipeline, which on this fresh cloud starts cold: a second or two
// alone, over 15 s once beside another stack; each may wait out a slow pipeline twice.
describe("with every committed write's first answer lost", {
  timeout: 3 * PIPELINE_WAIT_MS,
}, () => {
  it("a post, an edit and a deletion are each answered as done, and done once", async () => {
    const author = await createUser(cloud.stack, "Author");
    expect(await profileOf(author)).toMatchObject({ name: "Author", dwipps: 0 });
    const id = randomUUID();
    const posted = await api("POST", "/dwipps", author, { id, content: "Lost and found" });
    expect(posted.status).toBe(201);
    expect((await profileOf(author)).dwipps).toBe(1);

    const edited = await api("PATCH", `/dwipps/${id}`, author, { content: "Found, then" });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ content: "Found, then", editedAt: expect.any(String) });
    const history = await api("GET", `/dwipps/${id}/history`, author);
    expect((history.json as { items: unknown[] }).items).toHaveLength(1);

    expect((await api("DELETE", `/dwipps/${id}`, author)).status).toBe(204);
    expect((await api("GET", `/dwipps/${id}`, author)).status).toBe(404);
    expect((await profileOf(author)).dwipps).toBe(0);
  });

  it("votes are counted once, taken back once, and notified once each", async () => {
    const author = await createUser(cloud.stack, "Voted");
    const grace = await createUser(cloud.stack, "Grace");
    const id = ((await api("POST", "/dwipps", author, { content: "Vote on me" })).json as Dwipp).id;

    expect((await api("PUT", `/dwipps/${id}/upvote`, grace)).json).toMatchObject({ upvotes: 1 });
    expect((await api("PUT", `/dwipps/${id}/upvote`, grace)).json).toMatchObject({ upvotes: 1 });
    expect((await api("DELETE", `/dwipps/${id}/upvote`, grace)).json).toMatchObject({
      upvotes: 0,
    });
    expect((await api("PUT", `/dwipps/${id}/upvote`, grace)).json).toMatchObject({ upvotes: 1 });
    expect((await api("PUT", `/dwipps/${id}/favorite`, grace)).json).toMatchObject({
      favorites: 1,
    });
    const favorites = await whenIndexed(
      async () => (await api("GET", "/me/favorites", grace)).json as Page<Dwipp>,
      (page) => page.items.length > 0,
    );
    expect(favorites.items.map((dwipp) => dwipp.id)).toEqual([id]);

    const inbox = async () =>
      (await api("GET", "/me/notifications", author)).json as NotificationPage;
    const notified = await requireIndexed(
      inbox,
      (page) => page.items.length >= 2,
      PIPELINE_WAIT_MS,
    );
    // Whatever else may still come is a duplicate, which the inbox must not take twice.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const settled = await inbox();
    expect(settled.items.map((item) => item.kind).sort()).toEqual(["favorite", "upvote"]);
    expect(settled.unread).toBe(2);
    expect(notified.items).toHaveLength(2);
    expect((await api("PUT", "/me/notifications/read", author)).json).toEqual({ unread: 0 });
    expect((await inbox()).unread).toBe(0);
  });

  it("a deleted Dwipp's notifications leave the inbox, and its unread count, once", async () => {
    const author = await createUser(cloud.stack, "Forgotten");
    const grace = await createUser(cloud.stack, "Grace");
    const id = ((await api("POST", "/dwipps", author, { content: "Soon gone" })).json as Dwipp).id;
    await api("PUT", `/dwipps/${id}/upvote`, grace);
    await api("PUT", `/dwipps/${id}/favorite`, grace);
    const inbox = async () =>
      (await api("GET", "/me/notifications", author)).json as NotificationPage;
    await requireIndexed(inbox, (page) => page.unread === 2, PIPELINE_WAIT_MS);

    expect((await api("DELETE", `/dwipps/${id}`, author)).status).toBe(204);
    // At once the page leaves them out; once the cleanup has run, the count follows, by two.
    expect((await inbox()).items).toEqual([]);
    await requireIndexed(inbox, (page) => page.unread !== 2, PIPELINE_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await inbox()).toMatchObject({ items: [], unread: 0 });
  });

  it("a person's budget counts each request once: three posts a minute allow three, not fewer", async () => {
    const author = await createUser(cloud.stack, "Counted");
    // Clear of the minute's end, so that the four posts fall in one budget's minute.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000)
      await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const before = process.env.DWIPPER_POSTS_PER_MINUTE;
    process.env.DWIPPER_POSTS_PER_MINUTE = "3";
    try {
      const statuses: number[] = [];
      for (const n of [1, 2, 3, 4]) {
        statuses.push((await api("POST", "/dwipps", author, { content: `Post ${n}` })).status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      if (before === undefined) delete process.env.DWIPPER_POSTS_PER_MINUTE;
      else process.env.DWIPPER_POSTS_PER_MINUTE = before;
    }
  });

  it("Dwipps from before profiles are deleted once, and counted once by the backfill", async () => {
    const author = await createUser(cloud.stack, "Veteran");
    // As a stage had them before profiles counted Dwipps: neither counted nor ranked.
    const older = async (content: string) => {
      const id = randomUUID();
      const createdAt = new Date().toISOString();
      await tablesClient(cloud.stack).send(
        new PutCommand({
          TableName: cloud.stack.dynamodb.tables.dwipps,
          Item: {
            ...Keys.dwippKey(id),
            gsi1pk: Keys.feedPartition(0),
            gsi1sk: Keys.indexOrder(createdAt, id),
            gsi2pk: Keys.authorPartition(author.sub),
            gsi2sk: Keys.indexOrder(createdAt, id),
            id,
            content,
            authorId: author.sub,
            authorName: "Veteran",
            createdAt,
            upvotes: 0,
            favorites: 0,
          },
        }),
      );
      return id;
    };
    const deleted = await older("Deleted before the backfill");
    const kept = await older("Kept for the backfill");

    // Never counted, so the count stays as it is.
    expect((await api("DELETE", `/dwipps/${deleted}`, author)).status).toBe(204);
    expect((await api("GET", `/dwipps/${deleted}`, author)).status).toBe(404);

    // Counted in a transaction, which its retry cannot repeat. Its place in Top is the stream's
    // (from its INSERT) or the backfill's, whichever came first: either way it has one.
    expect(await backfillStack(cloud.stack)).toMatchObject({ counted: 1 });
    expect((await profileOf(author)).dwipps).toBe(1);
    const ranked = await tablesClient(cloud.stack).send(
      new GetCommand({
        TableName: cloud.stack.dynamodb.tables.dwipps,
        Key: Keys.rankKey(kept),
        ConsistentRead: true,
      }),
    );
    expect(ranked.Item).toMatchObject({ id: kept });
    expect((await api("DELETE", `/dwipps/${kept}`, author)).status).toBe(204);
    expect((await profileOf(author)).dwipps).toBe(0);
  });
});
