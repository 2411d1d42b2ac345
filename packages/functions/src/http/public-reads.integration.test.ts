// Reading without signing in, through the local gateway as API Gateway will serve it: the public
// routes answer nobody (flags false) and check any token they are sent as strictly as the JWT
// authorizer does on every other route; nobody's reads spend the budget of their address.

import { randomInt } from "node:crypto";
import { lookup } from "node:dns/promises";
import { request } from "node:http";
import { DEFAULT_BUDGETS } from "@dwipper/core/budget";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import {
  mostReadsTaken,
  READS_LEFT,
  readsTakenAlready,
  readUntilRefused,
} from "@dwipper/testing/budgets";
import { requireIndexed, whenIndexed } from "@dwipper/testing/indexes";
import { tokenAttacks } from "@dwipper/testing/token-attacks";
import { callApi, createUser, type TestUser } from "@dwipper/testing/users";
import { beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");

let author: TestUser;
let fan: TestUser;
let posted: Dwipp;

beforeAll(async () => {
  [author, fan] = await Promise.all([createUser(stack, "Ada"), createUser(stack, "Grace")]);
  posted = (
    await callApi(stack, "POST", "/dwipps", {
      token: author.idToken,
      body: { content: "Read me without an account" },
    })
  ).json as Dwipp;
  await callApi(stack, "PUT", `/dwipps/${posted.id}/upvote`, { token: fan.idToken });
  await callApi(stack, "PUT", `/dwipps/${posted.id}/favorite`, { token: fan.idToken });
});

const feedHas = (id: string) => (page: Page<Dwipp>) => page.items.some((item) => item.id === id);

describe("a reader without a token", () => {
  it("reads a Dwipp with its exact counts and no flags", async () => {
    const response = await callApi(stack, "GET", `/dwipps/${posted.id}`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      id: posted.id,
      upvotes: 1,
      favorites: 1,
      upvotedByMe: false,
      favoritedByMe: false,
    });
  });

  it("reads the feed, and pages it with a cursor that is nobody's", async () => {
    const page = await whenIndexed(
      async () => (await callApi(stack, "GET", "/dwipps?limit=50")).json as Page<Dwipp>,
      feedHas(posted.id),
    );
    const mine = page.items.find((item) => item.id === posted.id);
    expect(mine).toMatchObject({ upvotes: 1, upvotedByMe: false, favoritedByMe: false });
    // A page of one has a next page's cursor once the feed shows a second Dwipp: one of the
    // author's own, since this file may run before any other has posted.
    const second = (
      await callApi(stack, "POST", "/dwipps", {
        token: author.idToken,
        body: { content: "A second thought, so that the feed has two pages" },
      })
    ).json as Dwipp;
    await requireIndexed(
      async () => (await callApi(stack, "GET", "/dwipps?limit=50")).json as Page<Dwipp>,
      feedHas(second.id),
    );
    const first = (await callApi(stack, "GET", "/dwipps?limit=1")).json as Page<Dwipp>;
    expect(first.nextCursor).not.toBeNull();
    const cursor = encodeURIComponent(first.nextCursor ?? "");
    expect((await callApi(stack, "GET", `/dwipps?limit=1&cursor=${cursor}`)).status).toBe(200);
    // Bound to its reader: a signed-in person cannot continue nobody's list, nor the other way.
    const signedIn = await callApi(stack, "GET", `/dwipps?limit=1&cursor=${cursor}`, {
      token: fan.idToken,
    });
    expect(signedIn.status).toBe(400);
  });

  it("still needs to sign in for everything else", async () => {
    expect((await callApi(stack, "GET", "/me/dwipps")).status).toBe(401);
    expect((await callApi(stack, "PUT", `/dwipps/${posted.id}/upvote`)).status).toBe(401);
  });
});

describe("a reader with a token", () => {
  it("gets their own flags on a public route", async () => {
    const response = await callApi(stack, "GET", `/dwipps/${posted.id}`, { token: fan.idToken });
    expect(response.json).toMatchObject({ upvotedByMe: true, favoritedByMe: true });
  });

  it("is refused with 401 in the API's shape for a bad token, never answered as nobody", async () => {
    const attacks = (await tokenAttacks(fan)).filter((attack) => attack.authorization);
    expect(attacks.length).toBeGreaterThan(5);
    for (const attack of attacks) {
      for (const path of ["/dwipps", `/dwipps/${posted.id}`]) {
        const response = await callApi(stack, "GET", path, {
          headers: { authorization: attack.authorization ?? "" },
        });
        expect(response.status, `${attack.name} on ${path}`).toBe(401);
        expect(response.json, attack.name).toEqual({
          error: { code: "unauthorized", message: expect.any(String) },
        });
      }
    }
  });
});

/** A GET from a loopback address of its own, so that its budget is its own. */
function getFrom(address: string, path: string): Promise<number> {
  const url = new URL(`${stack.apiUrl}${path}`);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: "127.0.0.1", port: url.port, path: url.pathname, localAddress: address },
      (answer) => {
        answer.resume();
        answer.on("end", () => resolve(answer.statusCode ?? 0));
      },
    );
    sent.on("error", reject);
    sent.end();
  });
}

// Linux answers on all of 127.0.0.0/8; the gateway listens on localhost, which must be IPv4 here.
const ipv4Loopback =
  process.platform === "linux" && (await lookup("localhost")).address === "127.0.0.1";

it.runIf(ipv4Loopback)(
  "counts nobody's reads against their address's budget, and each address apart",
  async () => {
    const address = `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
    const spender = `address:${address}`;
    await readsTakenAlready(stack, spender, DEFAULT_BUDGETS.reads - READS_LEFT);
    const path = `/dwipps/${posted.id}`;
    const read = () => getFrom(address, path);
    const { answered, refusal } = await readUntilRefused(read, (status) => status, 200);
    expect(refusal).toBe(429);
    expect(await mostReadsTaken(stack, spender)).toBe(DEFAULT_BUDGETS.reads);
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(2 * READS_LEFT);
    expect(await getFrom("127.0.0.1", path)).toBe(200);
  },
);
