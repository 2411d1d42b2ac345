// Upvotes and favorites on one Dwipp from more people at once than the local cloud runs instances
// of a route (ten, ADR 0061), as AWS would start an environment for each: core's writes sent from
// one process, as many at once as its client's sockets allow. Each is done or answered 503 (then
// sent again, as a client does), and the counts end equal to the records, none lost or doubled.
import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Actor, Dwipp, Favorite, Keys, Profile } from "@dwipper/core";
import { batchGet, dynamo, tables } from "@dwipper/core/dynamo";
import { expect, it } from "vitest";
import { toErrorResult } from "./http-error";

const CROWD = 50;

/** Every item of the Dwipp's own partition (its upvotes and favorites' markers), read consistently. */
async function dwippPartition(id: string): Promise<{ sk: string }[]> {
  const items: { sk: string }[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tables.dwipps,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": Keys.dwippPartition(id) },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...((page.Items ?? []) as { sk: string }[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

it("counts a crowd's upvotes and favorites on one Dwipp, set and taken back at once, exactly", {
  timeout: 60_000,
}, async () => {
  const author = { id: randomUUID(), name: "Crowded" };
  await Profile.ensure(author, new Date());
  const { dwipp } = await Dwipp.create(author, { content: "Everyone at once" });
  const crowd: Actor[] = Array.from({ length: CROWD }, (_, i) => ({
    id: randomUUID(),
    name: `Crowd ${i}`,
  }));
  await Promise.all(crowd.map((person) => Profile.ensure(person, new Date())));

  let running = 0;
  let mostAtOnce = 0;
  let busy = 0;
  /** Sends a write as the API's client would: again after each 503, until it is done. */
  const done = async (write: () => Promise<unknown>) => {
    for (;;) {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        await write();
        return;
      } catch (error) {
        if (toErrorResult(error).statusCode !== 503 || busy >= 10 * CROWD) throw error;
        busy++;
      } finally {
        running--;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    }
  };
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
  expect(mostAtOnce).toBeGreaterThan(2 * CROWD - 10);

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
