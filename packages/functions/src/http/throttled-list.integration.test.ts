// While many people read one Dwipp, its partition is throttled (ADR 0031): a list that holds it
// is shown whole or answered 503 with Retry-After, never half a page or a 500. A file of its own,
// beside the throttled upvotes' files, so that the suite's two workers can run them at once.
import { cloudWithEngine, restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { callApi, createUser } from "@dwipper/testing/users";
import { expect, it } from "vitest";

restoreEnvironmentAfterAll();

it("shows a list holding a Dwipp whose partition is throttled whole, or answers 503", {
  timeout: 90_000,
}, async () => {
  // One read unit a second. Readers keep one Dwipp's page busy while others read a list that
  // holds it and another: the list's batch gets the other Dwipp and the busy one back
  // unprocessed; asked again alone, the busy one is refused, which the SDK retries and the API
  // answers 503 unless a unit came free.
  const cloud = await cloudWithEngine({ partitionReadUnits: 1 });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    const author = await createUser(cloud.stack, "Read author");
    const post = async (content: string) => {
      const posted = await callApi(cloud.stack, "POST", "/dwipps", {
        token: author.idToken,
        body: { content },
      });
      expect(posted.status).toBe(201);
      return (posted.json as { id: string }).id;
    };
    const busy = await post("Read by a crowd");
    const quiet = await post("Read now and then");
    // Past the author index's lag, with the partitions' units back.
    await pause(1_500);

    const until = Date.now() + 6_000;
    const crowd = Promise.all(
      Array.from({ length: 8 }, async () => {
        const statuses: number[] = [];
        while (Date.now() < until) {
          statuses.push((await callApi(cloud.stack, "GET", `/dwipps/${busy}`)).status);
        }
        return statuses;
      }),
    );
    const lists = Promise.all(
      Array.from({ length: 3 }, async (_, n) => {
        await pause(1_000 + 500 * n);
        return callApi(cloud.stack, "GET", `/users/${author.sub}/dwipps`);
      }),
    );

    const answers = await lists;
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 200) {
        expect((answer.json as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([
          quiet,
          busy,
        ]);
      } else {
        expect(answer.json).toMatchObject({ error: { code: "unavailable" } });
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    // The crowd itself was throttled too: shown the Dwipp or told 503.
    const statuses = (await crowd).flat();
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses).toContain(503);
  } finally {
    await cloud.stop();
  }
});
