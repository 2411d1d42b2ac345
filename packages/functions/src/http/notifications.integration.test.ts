// Notifications through the local cloud, end to end: an upvote or favorite goes through the
// Dwipps stream, the notices topic (which delivers some notices twice, as SNS may) and the
// notifications subscriber into the author's inbox; the inbox counts what is unread exactly, is
// read up to a moment, lists them by when people acted (notices arrive in any order), and forgets
// a deleted Dwipp.
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import type { NotificationPage } from "@dwipper/core/notification/schema";
import { PIPELINE_WAIT_MS, requireIndexed } from "@dwipper/testing/indexes";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

const post = async (user: TestUser, content: string) =>
  (await callApi(stack, "POST", "/dwipps", { token: user.idToken, body: { content } }))
    .json as Dwipp;
const mark = (user: TestUser, id: string, kind: "upvote" | "favorite", on = true) =>
  callApi(stack, on ? "PUT" : "DELETE", `/dwipps/${id}/${kind}`, { token: user.idToken });
const inbox = async (user: TestUser, query = "") =>
  (await callApi(stack, "GET", `/me/notifications${query}`, { token: user.idToken }))
    .json as NotificationPage;
/** Waits for the inbox to show what is made off the request path; fails if it never does. */
const inboxWhen = (user: TestUser, shows: (page: NotificationPage) => boolean) =>
  requireIndexed(() => inbox(user), shows, PIPELINE_WAIT_MS);
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

// Each test may wait out one slow pipeline and still end within half its timeout.
describe("notifications", { timeout: 3 * PIPELINE_WAIT_MS }, () => {
  it("tell an author who upvoted and favorited, once each however often it is set", async () => {
    const author = await createUser(stack, "Author");
    const grace = await createUser(stack, "Grace");
    const dwipp = await post(author, "Notify me");
    expect((await mark(grace, dwipp.id, "upvote")).status).toBe(200);
    expect((await mark(grace, dwipp.id, "favorite")).status).toBe(200);
    // Taken back and set again: no second notification, and taking back removes none.
    await mark(grace, dwipp.id, "upvote", false);
    await mark(grace, dwipp.id, "upvote");

    const page = await inboxWhen(author, (answer) => answer.items.length >= 2);
    await settle();
    const after = await inbox(author);
    expect(after.items).toHaveLength(2);
    expect(after.unread).toBe(2);
    expect(after.items.map((item) => item.kind).sort()).toEqual(["favorite", "upvote"]);
    for (const item of after.items) {
      expect(item).toMatchObject({
        actor: { id: grace.sub, name: "Grace" },
        dwipp: { id: dwipp.id, content: "Notify me" },
        read: false,
      });
      expect(Date.parse(item.at)).toBeGreaterThan(Date.parse(dwipp.createdAt) - 1000);
    }
    expect(page.items.length).toBeGreaterThanOrEqual(2);
  });

  it("are not made for one's own upvotes and favorites", async () => {
    const author = await createUser(stack);
    const other = await createUser(stack);
    const own = await post(author, "My own");
    await mark(author, own.id, "upvote");
    await mark(author, own.id, "favorite");
    // Another person's upvote after them shows the pipeline ran.
    await mark(other, own.id, "upvote");
    const page = await inboxWhen(author, (answer) => answer.items.length >= 1);
    await settle();
    const after = await inbox(author);
    expect(after.items.map((item) => item.actor.id)).toEqual([other.sub]);
    expect(after.unread).toBe(1);
    expect(page.unread).toBe(1);
  });

  it("are read up to the moment they are marked read, and count what arrives after", async () => {
    const author = await createUser(stack);
    const first = await createUser(stack, "First");
    const second = await createUser(stack, "Second");
    const dwipp = await post(author, "Read me");
    await mark(first, dwipp.id, "upvote");
    await inboxWhen(author, (answer) => answer.unread === 1 && answer.items.length === 1);
    const marked = await callApi(stack, "PUT", "/me/notifications/read", {
      token: author.idToken,
    });
    expect(marked.status).toBe(200);
    expect(marked.json).toEqual({ unread: 0 });
    const read = await inbox(author);
    expect(read.unread).toBe(0);
    expect(read.items.map((item) => item.read)).toEqual([true]);

    await mark(second, dwipp.id, "favorite");
    const later = await inboxWhen(author, (answer) => answer.items.length === 2);
    expect(later.unread).toBe(1);
    expect(later.items.map((item) => [item.actor.name, item.read])).toEqual([
      ["Second", false],
      ["First", true],
    ]);
  });

  it("come in pages, newest first, with the unread count of all of them on each", async () => {
    const author = await createUser(stack);
    const dwipp = await post(author, "Popular");
    const fans = await Promise.all([1, 2, 3].map((n) => createUser(stack, `Fan ${n}`)));
    for (const fan of fans) await mark(fan, dwipp.id, "upvote");
    await inboxWhen(author, (answer) => answer.items.length === 3);
    const first = await inbox(author, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.unread).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const rest = await inbox(
      author,
      `?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
    );
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((item) => item.actor.name)).toEqual([
      "Fan 3",
      "Fan 2",
      "Fan 1",
    ]);
    expect(
      (await callApi(stack, "GET", "/me/notifications?limit=0", { token: author.idToken })).status,
    ).toBe(400);
    expect((await callApi(stack, "GET", "/me/notifications")).status).toBe(401);
  });

  it("go with the Dwipp when it is deleted, and leave the unread count", async () => {
    const author = await createUser(stack);
    const fan = await createUser(stack);
    const kept = await post(author, "Kept");
    const gone = await post(author, "Gone");
    await mark(fan, kept.id, "upvote");
    await mark(fan, gone.id, "upvote");
    await mark(fan, gone.id, "favorite");
    await inboxWhen(author, (answer) => answer.unread === 3 && answer.items.length === 3);
    expect(
      (await callApi(stack, "DELETE", `/dwipps/${gone.id}`, { token: author.idToken })).status,
    ).toBe(204);
    // At once the page leaves it out; once the cleanup has run, the count follows.
    expect((await inbox(author)).items.map((item) => item.dwipp.id)).toEqual([kept.id]);
    const after = await inboxWhen(author, (answer) => answer.unread === 1);
    expect(after.unread).toBe(1);
    expect(after.items.map((item) => item.dwipp.id)).toEqual([kept.id]);
  });
});
