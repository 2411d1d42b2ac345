// The API's guarantees (docs/api.md) under concurrency, against the local DynamoDB engine through
// the real gateway: counts never drift, creation is idempotent, and a cursor walk neither repeats
// nor skips while others post. A hundred people voting at once have a file and a cloud of their
// own (crowd.integration.test.ts).
import { randomUUID } from "node:crypto";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { listsAll, whenIndexed } from "@dwipper/testing/indexes";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");

const api = (user: TestUser, method: string, path: string, body?: unknown) =>
  callApi(stack, method, path, { token: user.idToken, body });

let author: TestUser;
beforeAll(async () => {
  author = await createUser(stack, "Author");
});

async function postDwipp(content = `thought ${randomUUID()}`, poster = author) {
  const response = await api(poster, "POST", "/dwipps", { content });
  expect(response.status).toBe(201);
  return response.json as Dwipp;
}

describe("counts never drift", () => {
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
    const posters = await Promise.all(
      Array.from({ length: 3 }, (_, i) => createUser(stack, `Poster ${i}`)),
    );
    const poster = (n: number) => posters[n % posters.length];
    const existing: string[] = [];
    for (let i = 0; i < 15; i++) existing.push((await postDwipp(`before ${i}`, poster(i))).id);
    const reader = await createUser(stack, "Reader");
    await whenIndexed(
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
