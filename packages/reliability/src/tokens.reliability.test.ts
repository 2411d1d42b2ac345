// Every bad identity against every route: all 401, and nothing a refused request asked for is
// stored. A public route answers a request with no token at all, as nobody; any token it is sent
// is checked as on every other route.

import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import { routes } from "@dwipper/functions/routes";
import { recordResult } from "@dwipper/testing/results";
import { tokenAttacks } from "@dwipper/testing/token-attacks";
import { callApi, createUsers } from "@dwipper/testing/users";
import { expect, inject, it } from "vitest";

const stack = inject("stack");

it("refuses every token attack on every route with 401 (no token: only signed-in routes)", async () => {
  const [user, owner] = await createUsers(stack, 2, "Token");
  if (!user || !owner) throw new Error("no users");
  const target = await callApi(stack, "POST", "/dwipps", {
    token: owner.idToken,
    body: { content: "Not yours to change" },
  });
  const targetId = (target.json as Dwipp).id;
  const attacks = await tokenAttacks(user);
  const accepted: string[] = [];
  for (const attack of attacks) {
    for (const route of routes) {
      // A person's routes name the owner; a Dwipp's, their Dwipp.
      const path = route.path.replace(
        "{id}",
        route.path.startsWith("/users/") ? owner.sub : targetId,
      );
      const response = await callApi(stack, route.method, path, {
        headers: attack.authorization ? { authorization: attack.authorization } : {},
        ...(route.method === "POST" || route.method === "PATCH"
          ? { body: { content: `written with ${attack.name}` } }
          : {}),
      });
      const expected = !attack.authorization && route.access === "public" ? 200 : 401;
      if (response.status !== expected)
        accepted.push(`${attack.name}: ${route.method} ${path} → ${response.status}`);
    }
  }
  const mine = (await callApi(stack, "GET", "/me/dwipps", { token: user.idToken }))
    .json as Page<Dwipp>;
  const after = (await callApi(stack, "GET", `/dwipps/${targetId}`, { token: owner.idToken }))
    .json as Dwipp;
  const lostData =
    mine.items.length +
    (after.content === "Not yours to change" &&
    after.upvotes === 0 &&
    after.favorites === 0 &&
    !after.editedAt
      ? 0
      : 1);
  await recordResult({
    test: "token attacks × every route",
    tried: attacks.length * routes.length,
    passed: attacks.length * routes.length - accepted.length,
    lostData,
    detail: attacks.map((attack) => attack.name).join(", "),
  });
  expect(accepted).toEqual([]);
  expect(lostData).toBe(0);
});
