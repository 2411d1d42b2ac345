// The seed fills the local cloud through the real engines (edits with their earlier texts, and
// notifications through the stream and the topic, too), and a second run changes nothing.
import type { Dwipp as DwippType } from "@dwipper/core/dwipp/schema";
import { PIPELINE_WAIT_MS, whenIndexed } from "@dwipper/testing/indexes";
import { srpSignIn } from "@dwipper/testing/srp-sign-in";
import { callApi } from "@dwipper/testing/users";
import { decodeJwt } from "jose";
import { expect, inject, it } from "vitest";
import { SEED_PASSWORD, seed, seedEmail, seedId, seedPeople } from "./seed";

const stack = inject("stack");

it("seeds people with profiles, Dwipps, upvotes and favorites, and is safe to run twice", {
  timeout: 120_000,
}, async () => {
  const first = await seed(stack, 40);
  expect(first).toEqual({ people: seedPeople.length, dwipps: 40, created: 40 });

  // A seeded person signs in as the web app signs them in.
  const session = await srpSignIn(stack.cognito, seedEmail(seedPeople[1] ?? ""), SEED_PASSWORD);
  const token = session.getIdToken().getJwtToken();
  const popular = async () =>
    (await callApi(stack, "GET", `/dwipps/${seedId("dwipp-0")}`, { token })).json as DwippType;
  const before = await popular();
  expect(before.upvotes).toBe(seedPeople.length);
  expect(before.favorites).toBe(Math.ceil(seedPeople.length / 2));
  expect(Date.parse(before.createdAt)).toBeLessThan(Date.now());

  // Every seeded person has a profile counting their share of the Dwipps.
  const profile = async () =>
    (await callApi(stack, "GET", `/users/${before.author.id}`)).json as { dwipps: number };
  const counted = (await profile()).dwipps;
  expect(counted).toBeGreaterThanOrEqual(Math.floor(40 / seedPeople.length));

  // Some were edited: their earlier texts are kept, and a second run edits nothing again.
  const history = async () =>
    (await callApi(stack, "GET", `/dwipps/${seedId("dwipp-0")}/history`)).json as {
      items: { content: string }[];
    };
  expect(before.content).toMatch(/\(final take\)$/);
  const earlier = await history();
  expect(earlier.items.map((revision) => revision.content)).toEqual([
    expect.stringMatching(/\(second take\)$/),
    expect.not.stringContaining("take)"),
  ]);

  // Others' upvotes and favorites reach their authors as notifications, waiting to be read: one
  // for each upvote and favorite on this person's Dwipps but their own.
  const mine = (
    await callApi(stack, "GET", `/users/${decodeJwt(token).sub}/dwipps?limit=50`, { token })
  ).json as { items: DwippType[]; nextCursor: string | null };
  expect(mine.nextCursor).toBeNull();
  const expected = mine.items.reduce(
    (total, dwipp) =>
      total +
      dwipp.upvotes -
      Number(dwipp.upvotedByMe) +
      dwipp.favorites -
      Number(dwipp.favoritedByMe),
    0,
  );
  expect(expected).toBeGreaterThan(0);
  const notifications = () =>
    whenIndexed(
      async () =>
        (await callApi(stack, "GET", "/me/notifications?limit=50", { token })).json as {
          items: { actor: { id: string } }[];
          unread: number;
        },
      (page) => page.unread === expected && page.items.length === expected,
      PIPELINE_WAIT_MS,
    );
  const waiting = await notifications();
  expect(waiting.unread).toBe(expected);

  const second = await seed(stack, 40);
  expect(second.created).toBe(0);
  expect(await popular()).toEqual(before);
  expect(await history()).toEqual(earlier);
  // Setting the same upvotes again makes no new notification.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect((await notifications()).unread).toBe(waiting.unread);
  expect((await profile()).dwipps).toBe(counted);
});
