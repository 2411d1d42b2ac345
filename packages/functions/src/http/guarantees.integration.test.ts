// The API's guarantees (docs/api.md) under concurrency, against the local DynamoDB engine through
// the real gateway: counts never drift, creation is idempotent, and a cursor walk neither repeats
// nor skips while others post.
import { randomUUID } from "node:crypto";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { listsAll, requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { callApi, createUser, createUsers, type TestUser } from "@dwipper/testing/users";
import { beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");

const api = (user: TestUser, method: string, path: string, body?: unknown) =>
  callApi(stack, method, path, { token: user.idToken, body });

/**
 * A request as a well-behaved client makes it: a 503 (the item stayed busy past the function's
 * retries, which a crowd on one Dwipp on a loaded machine can cause) is tried again after
 * its Retry-After. Setting and unsetting are safe to repeat, and the counts below must come out
 * exact whatever was retried.
 */
async function persistently(user: TestUser, method: string, path: string) {
  for (let attempt = 1; ; attempt++) {
    const response = await api(user, method, path);
    if (response.status !== 503 || attempt === 5) return response;
    const wait = Number(response.headers.get("retry-after")) || 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 2) * 1000));
  }
}

let author: TestUser;
beforeAll(async () => {
  author = await createUser(stack, "Author");
});

async function postDwipp(content = `thought ${randomUUID()}`, poster = author) {
  const response = await api(poster, "POST", "/dwipps", { content });
  expect(response.status).toBe(201);
  return response.json as Dwipp;
}

/** A deterministic sequence of set (true) and unset (false) per user, from a seed. */
function sequenceFor(seed: number): boolean[] {
  const length = 1 + (seed % 4);
  return Array.from({ length }, (_, i) => ((seed * 7 + i * 13) % 5) % 2 === 0);
}

describe("counts never drift", () => {
  // Locally a route runs at most ten instances at once (ADR 0061), so twenty people start both
  // routes at ten on the one Dwipp, as a hundred did; more would only lengthen the queue, in which
  // other tests' votes on this shared stack wait too (the reliability suite sends a larger crowd,
  // on a cloud of its own). They are made ten at a time, leaving the shared user pool's quota
  // (50 accounts a second) to the tests beside them.
  it("20 users setting and unsetting upvotes and favorites at once", {
    timeout: 60_000,
  }, async () => {
    const dwipp = await postDwipp();
    const users = await createUsers(stack, 20, "Voter");
    const plans = users.map((user, i) => ({
      user,
      upvotes: sequenceFor(i),
      favorites: sequenceFor(i + 3),
    }));

    await Promise.all(
      plans.map(async ({ user, upvotes, favorites }) => {
        for (let step = 0; step < Math.max(upvotes.length, favorites.length); step++) {
          const writes: Promise<{ status: number }>[] = [];
          const upvote = upvotes[step];
          const favorite = favorites[step];
          if (upvote !== undefined) {
            writes.push(
              persistently(user, upvote ? "PUT" : "DELETE", `/dwipps/${dwipp.id}/upvote`),
            );
          }
          if (favorite !== undefined) {
            writes.push(
              persistently(user, favorite ? "PUT" : "DELETE", `/dwipps/${dwipp.id}/favorite`),
            );
          }
          for (const response of await Promise.all(writes)) expect(response.status).toBe(200);
        }
      }),
    );

    const expectedUpvotes = plans.filter((plan) => plan.upvotes.at(-1)).length;
    const expectedFavorites = plans.filter((plan) => plan.favorites.at(-1)).length;
    expect(expectedUpvotes).toBeGreaterThan(0);
    expect(expectedUpvotes).toBeLessThan(users.length);
    const stored = (await api(author, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
    expect(stored.upvotes).toBe(expectedUpvotes);
    expect(stored.favorites).toBe(expectedFavorites);

    // And each user's own view agrees with their last word.
    const views = await Promise.all(
      plans.slice(0, 20).map(async (plan) => ({
        plan,
        view: (await api(plan.user, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp,
      })),
    );
    for (const { plan, view } of views) {
      expect(view.upvotedByMe).toBe(plan.upvotes.at(-1));
      expect(view.favoritedByMe).toBe(plan.favorites.at(-1));
    }
  });

  it("20 requests at once from one user leave one upvote or none, never two", async () => {
    const dwipp = await postDwipp();
    const voter = await createUser(stack, "Eager");
    for (const path of ["upvote", "favorite"] as const) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api(voter, i % 3 === 0 ? "DELETE" : "PUT", `/dwipps/${dwipp.id}/${path}`),
        ),
      );
      for (const response of responses) expect(response.status).toBe(200);
      const view = (await api(voter, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
      const count = path === "upvote" ? view.upvotes : view.favorites;
      const mine = path === "upvote" ? view.upvotedByMe : view.favoritedByMe;
      expect(count).toBe(mine ? 1 : 0);
      // Settle it: a final PUT after the storm counts once.
      await api(voter, "PUT", `/dwipps/${dwipp.id}/${path}`);
      const settled = (await api(voter, "GET", `/dwipps/${dwipp.id}`)).json as Dwipp;
      expect(path === "upvote" ? settled.upvotes : settled.favorites).toBe(1);
    }
  });
});

describe("idempotent create", () => {
  it("10 concurrent posts with one id create one Dwipp", async () => {
    const id = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api(author, "POST", "/dwipps", { id, content: "Once" })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 200)).toHaveLength(9);
    const mine = await whenIndexed(
      async () => (await api(author, "GET", "/me/dwipps?limit=50")).json as Page<Dwipp>,
      (page) => listsAll([id])(page.items),
    );
    expect(mine.items.filter((item) => item.id === id)).toHaveLength(1);
  });
});

describe("cursor walks", () => {
  it("neither repeat nor skip while new Dwipps are posted", { timeout: 60_000 }, async () => {
    // Several posters, each within the posting budget of 20 a minute.
    const posters = await createUsers(stack, 3, "Poster");
    const poster = (n: number) => posters[n % posters.length];
    const existing: string[] = [];
    for (let i = 0; i < 15; i++) existing.push((await postDwipp(`before ${i}`, poster(i))).id);
    const reader = await createUser(stack, "Reader");
    await requireIndexed(
      async () => (await api(reader, "GET", "/dwipps?limit=50")).json as Page<Dwipp>,
      (page) => listsAll(existing)(page.items),
    );

    let posting = true;
    const background = (async () => {
      let count = 0;
      while (posting && count < 40) {
        await postDwipp(`during ${count}`, poster(count++));
      }
    })();

    const seen: Dwipp[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await api(reader, "GET", `/dwipps${query}`)).json as Page<Dwipp>;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && !existing.every((id) => seen.some((item) => item.id === id)));
    posting = false;
    await background;

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const positions = existing.map((id) => ids.indexOf(id));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
  });
});
