// Profiles through the local gateway: made by the pool's post-confirmation trigger when an account
// is confirmed, counting the person's live Dwipps exactly with the writes that change them, read
// by anyone; and the backfill that brings older accounts and Dwipps in, safe to run twice.

import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "@dwipper/core";
import type { Dwipp, Page } from "@dwipper/core/dwipp/schema";
import type { Profile } from "@dwipper/core/profile/schema";
import { backfillStack } from "@dwipper/local-cloud/dev/backfill";
import { whenIndexed } from "@dwipper/testing/indexes";
import { tablesClient } from "@dwipper/testing/tables";
import { callApi, createUser } from "@dwipper/testing/users";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const db = tablesClient(stack);

const profileOf = async (id: string) => callApi(stack, "GET", `/users/${id}`);
const post = async (token: string, content: string, id?: string) =>
  (await callApi(stack, "POST", "/dwipps", { token, body: { content, ...(id ? { id } : {}) } }))
    .json as Dwipp;

describe("a profile", () => {
  it("is made when the account is confirmed, and anyone can read it", async () => {
    const before = Date.now();
    const person = await createUser(stack, "Hedy");
    const response = await profileOf(person.sub);
    expect(response.status).toBe(200);
    const profile = response.json as Profile;
    expect(profile).toMatchObject({ id: person.sub, name: "Hedy", dwipps: 0 });
    expect(Date.parse(profile.joinedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(profile.joinedAt)).toBeLessThanOrEqual(Date.now());
  });

  it("counts live Dwipps exactly: a post adds one, a repeated post none, a deletion takes one", async () => {
    const person = await createUser(stack, "Counting");
    const id = randomUUID();
    await post(person.idToken, "One", id);
    await post(person.idToken, "One", id);
    const second = await post(person.idToken, "Two");
    expect(((await profileOf(person.sub)).json as Profile).dwipps).toBe(2);
    expect(
      (await callApi(stack, "DELETE", `/dwipps/${second.id}`, { token: person.idToken })).status,
    ).toBe(204);
    // Deleting it again, or someone else deleting the first, changes nothing.
    await callApi(stack, "DELETE", `/dwipps/${second.id}`, { token: person.idToken });
    const other = await createUser(stack);
    expect((await callApi(stack, "DELETE", `/dwipps/${id}`, { token: other.idToken })).status).toBe(
      403,
    );
    expect(((await profileOf(person.sub)).json as Profile).dwipps).toBe(1);
  });

  it("is not found for an unknown person, and a malformed id is a 400", async () => {
    const unknown = await profileOf(randomUUID());
    expect(unknown.status).toBe(404);
    // The message, for whoever reads it, names what was not found: a person, not a Dwipp.
    const notFound = { error: { code: "not_found", message: "No such person." } };
    expect(unknown.json).toEqual(notFound);
    expect((await profileOf("not-a-uuid")).status).toBe(400);
    const theirDwipps = await callApi(stack, "GET", `/users/${randomUUID()}/dwipps`);
    expect(theirDwipps.status).toBe(404);
    expect(theirDwipps.json).toEqual(notFound);
  });
});

describe("a person's Dwipps", () => {
  it("page newest first, for anyone, with the reader's own flags", async () => {
    const [author, reader] = await Promise.all([createUser(stack, "Pager"), createUser(stack)]);
    const posted: Dwipp[] = [];
    for (const content of ["first", "second", "third"]) {
      posted.push(await post(author.idToken, content));
    }
    await callApi(stack, "PUT", `/dwipps/${posted[0]?.id}/upvote`, { token: reader.idToken });
    const path = `/users/${author.sub}/dwipps?limit=2`;
    const first = await whenIndexed(
      async () => (await callApi(stack, "GET", path)).json as Page<Dwipp>,
      (page) => page.items.length === 2 && page.nextCursor !== null,
    );
    expect(first.items.map((item) => item.content)).toEqual(["third", "second"]);
    const rest = (
      await callApi(stack, "GET", `${path}&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)
    ).json as Page<Dwipp>;
    expect(rest.items.map((item) => item.content)).toEqual(["first"]);
    expect(rest.items[0]).toMatchObject({ upvotes: 1, upvotedByMe: false });
    expect(rest.nextCursor).toBeNull();
    const asReader = (
      await callApi(stack, "GET", `/users/${author.sub}/dwipps`, { token: reader.idToken })
    ).json as Page<Dwipp>;
    expect(asReader.items.find((item) => item.id === posted[0]?.id)?.upvotedByMe).toBe(true);
    // A cursor is bound to its list: another person's Dwipps do not continue from it.
    const elsewhere = await callApi(
      stack,
      "GET",
      `/users/${reader.sub}/dwipps?cursor=${encodeURIComponent(first.nextCursor ?? "")}`,
    );
    expect(elsewhere.status).toBe(400);
  });
});

describe("the backfill", () => {
  it("makes missing profiles and counts and ranks older Dwipps once, however often it runs", async () => {
    const person = await createUser(stack, "Veteran");
    // The state a stage had before profiles: no profile, and a Dwipp neither counted nor ranked.
    await db.send(
      new UpdateCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Key: Keys.profileKey(person.sub),
        UpdateExpression: "REMOVE #name, joinedAt, dwipps",
        ExpressionAttributeNames: { "#name": "name" },
      }),
    );
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await db.send(
      new PutCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Item: {
          ...Keys.dwippKey(id),
          gsi1pk: Keys.feedPartition(0),
          gsi1sk: Keys.indexOrder(createdAt, id),
          gsi2pk: Keys.authorPartition(person.sub),
          gsi2sk: Keys.indexOrder(createdAt, id),
          id,
          content: "From before profiles",
          authorId: person.sub,
          authorName: "Veteran",
          createdAt,
          upvotes: 0,
          favorites: 0,
        },
      }),
    );
    expect((await profileOf(person.sub)).status).toBe(404);
    await backfillStack(stack);
    await backfillStack(stack);
    expect((await profileOf(person.sub)).json).toMatchObject({ name: "Veteran", dwipps: 1 });
    const counted = await db.send(
      new GetCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Key: Keys.dwippKey(id),
        ConsistentRead: true,
      }),
    );
    expect(counted.Item?.inProfileCount).toBe(true);
    const ranked = await db.send(
      new GetCommand({
        TableName: stack.dynamodb.tables.dwipps,
        Key: Keys.rankKey(id),
        ConsistentRead: true,
      }),
    );
    expect(ranked.Item).toMatchObject({
      gsi1pk: Keys.feedPartition(0),
      rank: Keys.rankOrder(0, createdAt, id),
      gsi3pk: Keys.dayPartition(createdAt),
      gsi4pk: Keys.hourPartition(createdAt),
    });
    // Deleting it afterwards takes it out of the count like any other.
    await callApi(stack, "DELETE", `/dwipps/${id}`, { token: person.idToken });
    expect(((await profileOf(person.sub)).json as Profile).dwipps).toBe(0);
  });
});
