// Crowds on one item, larger than the local cloud lets meet there through the routes (ten instances
// of a function at once, ADR 0061) and as AWS's environments would send them: core's writes from
// one process, as many at once as its client's sockets allow. Each is done or answered 503 (then
// sent again, as a client does); a Dwipp's counts end equal to its records, an inbox's unread
// count to its notifications, none lost or doubled.
import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, Dwipp, Favorite, Keys, Notification, Profile } from "@dwipper/core";
import { batchGet, dynamo, tables } from "@dwipper/core/dynamo";
import { queryAll } from "@dwipper/testing/tables";
import { expect, it } from "vitest";
import { toErrorResult } from "./http-error";

const CROWD = 50;

/** A Dwipp, posted by a person of its own. */
async function postedBy(name: string, content: string) {
  const author = { id: randomUUID(), name };
  await Profile.ensure(author, new Date());
  return { author, dwipp: (await Dwipp.create(author, { content })).dwipp };
}

/** A crowd of people with profiles, as a confirmed sign-up leaves them. */
async function crowdOf(size: number): Promise<Actor[]> {
  const crowd = Array.from({ length: size }, (_, i) => ({ id: randomUUID(), name: `Crowd ${i}` }));
  await Promise.all(crowd.map((person) => Profile.ensure(person, new Date())));
  return crowd;
}

/** Sends core's writes as the API's clients would: each again after a 503, until it is done. */
function asClients() {
  const seen = { running: 0, mostAtOnce: 0, busy: 0 };
  const done = async <Answer>(write: () => Promise<Answer>): Promise<Answer> => {
    for (;;) {
      seen.running++;
      seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running);
      try {
        return await write();
      } catch (error) {
        if (toErrorResult(error).statusCode !== 503 || seen.busy >= 1_000) throw error;
        seen.busy++;
      } finally {
        seen.running--;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    }
  };
  return { seen, done };
}

/** Every item of the Dwipp's partition (its upvotes, its favorites' markers), read consistently. */
async function dwippPartition(id: string): Promise<{ sk: string }[]> {
  const items = await queryAll(dynamo, {
    TableName: tables.dwipps,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": Keys.dwippPartition(id) },
    ConsistentRead: true,
  });
  return items as { sk: string }[];
}

it("counts a crowd's upvotes and favorites on one Dwipp, set and taken back at once, exactly", {
  timeout: 60_000,
}, async () => {
  const { dwipp } = await postedBy("Crowded", "Everyone at once");
  const crowd = await crowdOf(CROWD);
  const { seen, done } = asClients();
  // Everyone sets both; every other person then takes both back.
  await Promise.all(
    crowd.map(async (person, i) => {
      await Promise.all([
        done(() => Dwipp.setUpvote(person, dwipp.id)),
        done(() => Favorite.set(person, dwipp.id)),
      ]);
      if (i % 2 === 0) return;
      await Promise.all([
        done(() => Dwipp.unsetUpvote(person, dwipp.id)),
        done(() => Favorite.unset(person, dwipp.id)),
      ]);
    }),
  );
  // Far more at once than two routes' twenty instances locally.
  expect(seen.mostAtOnce).toBeGreaterThan(2 * CROWD - 10);

  const kept = crowd.filter((_, i) => i % 2 === 0);
  expect(await Dwipp.readCounts(dwipp.id)).toEqual({
    upvotes: kept.length,
    favorites: kept.length,
  });
  const partition = new Set((await dwippPartition(dwipp.id)).map((item) => item.sk));
  const present = (key: { sk: string }) => partition.has(key.sk);
  for (const person of crowd) {
    const keeps = kept.includes(person);
    expect(present(Keys.upvoteKey(dwipp.id, person.id)), person.name).toBe(keeps);
    expect(present(Keys.favoriteMarkerKey(dwipp.id, person.id)), person.name).toBe(keeps);
  }
  const favorites = await batchGet({
    [tables.favorites]: crowd.map((person) => Keys.favoriteKey(person.id, dwipp.id)),
  });
  const favoritedBy = (favorites[tables.favorites] ?? []).map((item) => item.userId).sort();
  expect(favoritedBy).toEqual(kept.map((person) => person.id).sort());
});

it("counts a crowd's notices in one inbox once each, however often each is delivered", {
  timeout: 60_000,
}, async () => {
  const { author, dwipp } = await postedBy("Noticed", "Everyone noticed");
  const crowd = await crowdOf(CROWD);
  const { seen, done } = asClients();
  // An upvote's and a favorite's notice from each, every one delivered twice, all at once.
  const notices = crowd.flatMap((person) =>
    (["upvote", "favorite"] as const).map((kind) => ({
      kind,
      dwippId: dwipp.id,
      actorId: person.id,
      at: new Date().toISOString(),
    })),
  );
  const outcomes = await Promise.all(
    [...notices, ...notices].map((notice) => done(() => Notification.notify(notice))),
  );
  expect(seen.mostAtOnce).toBeGreaterThan(4 * CROWD - 10);

  const tally = (outcome: string) => outcomes.filter((each) => each === outcome).length;
  expect({ made: tally("made"), exists: tally("exists") }).toEqual({
    made: notices.length,
    exists: notices.length,
  });
  const stored = await dynamo.send(
    new QueryCommand({
      TableName: tables.notifications,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :notices)",
      ExpressionAttributeValues: {
        ":pk": Keys.inboxStateKey(author.id).pk,
        ":notices": Keys.notificationsOf(dwipp.id),
      },
      ConsistentRead: true,
      Select: "COUNT",
    }),
  );
  expect(stored.Count).toBe(notices.length);
  expect((await Notification.list(author, { limit: 1 })).unread).toBe(notices.length);
});
