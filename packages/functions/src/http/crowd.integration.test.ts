// Twenty people setting and unsetting upvotes and favorites on one Dwipp at once: its counts come
// out exact, and each person's view agrees with their last word (docs/api.md). Locally a route runs
// at most ten instances at once (ADR 0061), so twenty start both routes at ten on the one Dwipp,
// as a hundred did; more only lengthen the queue (the reliability suite sends a larger crowd). The
// crowd has a cloud of its own, set as the suite's: on the suite's stack its sign-ups would take
// the shared user pool's quota (50 accounts a second), and its votes the routes' instances, from
// whatever test ran beside it, and that test's time would be the crowd's.

import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { startSuiteCloud } from "@dwipper/testing/suite-cloud";
import { callApi, createUser, createUsers, type TestUser } from "@dwipper/testing/users";
import { expect, it } from "vitest";

/** A deterministic sequence of set (true) and unset (false) per user, from a seed. */
function sequenceFor(seed: number): boolean[] {
  const length = 1 + (seed % 4);
  return Array.from({ length }, (_, i) => ((seed * 7 + i * 13) % 5) % 2 === 0);
}

it("keeps exact counts while 20 people set and unset upvotes and favorites at once", {
  timeout: 120_000,
}, async () => {
  const cloud = await startSuiteCloud("crowd");
  const api = (user: TestUser, method: string, path: string, body?: unknown) =>
    callApi(cloud.stack, method, path, { token: user.idToken, body });
  /**
   * A request as a well-behaved client makes it: a 503 (the item stayed busy past the function's
   * retries, which twenty people on one Dwipp on a loaded machine can cause) is tried again
   * after its Retry-After. Setting and unsetting are safe to repeat, and the counts below must
   * come out exact whatever was retried.
   */
  const persistently = async (user: TestUser, method: string, path: string) => {
    for (let attempt = 1; ; attempt++) {
      const response = await api(user, method, path);
      if (response.status !== 503 || attempt === 5) return response;
      const wait = Number(response.headers.get("retry-after")) || 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 2) * 1000));
    }
  };
  try {
    const author = await createUser(cloud.stack, "Author");
    const posted = await api(author, "POST", "/dwipps", { content: "Voted on by a crowd" });
    expect(posted.status).toBe(201);
    const dwipp = posted.json as Dwipp;
    const users = await createUsers(cloud.stack, 20, "Voter");
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

    // And each person's own view agrees with their last word.
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
  } finally {
    await cloud.stop();
  }
});
