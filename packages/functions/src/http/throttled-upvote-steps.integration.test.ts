// An upvote takes several steps, and on a partition throttled for reads and writes each may be
// held back: the transaction waits its turn for writes, and the SDK tries the read of the new count
// again by itself. However the waits add up, every upvote is answered within the functions'
// timeout, 200 or 503 with Retry-After, never API Gateway's 500 (ADR 0044). A file of its own, so
// that the suite's two workers can run it beside the other throttled partitions' tests.
import { cloudWithEngine, restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { callApi, createUser, createUsers } from "@dwipper/testing/users";
import { expect, it } from "vitest";

restoreEnvironmentAfterAll();

it("answers upvotes on a partition throttled for reads and writes 200 or 503, never a timeout", {
  timeout: 90_000,
}, async () => {
  // Four write units and one read unit a second. An upvote's transaction waits its turn for the
  // writes (one upvote a second gets through), then reads the count while a crowd keeps the
  // partition's reads busy: the SDK tries that read again, waiting up to 7 s in all, unless the
  // request's budget cuts it. An upvote counted late in its budget must still be answered in time.
  // Ten voters, as many instances of a function as run at once locally (ADR 0061): with more, the
  // rest would wait for an instance first, and the test would time that wait, not the partition's.
  const cloud = await cloudWithEngine({ partitionWriteUnits: 4, partitionReadUnits: 1 });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    const author = await createUser(cloud.stack, "Busy author");
    const posted = await callApi(cloud.stack, "POST", "/dwipps", {
      token: author.idToken,
      body: { content: "Read and upvoted by a crowd" },
    });
    expect(posted.status).toBe(201);
    const id = (posted.json as { id: string }).id;
    const voters = await createUsers(cloud.stack, 10, "Busy voter");
    await pause(1_500);

    const until = Date.now() + 10_000;
    const readers = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (Date.now() < until) await callApi(cloud.stack, "GET", `/dwipps/${id}`);
      }),
    );
    const answers = await Promise.all(
      voters.map(async (voter, n) => {
        await pause(300 * n);
        return callApi(cloud.stack, "PUT", `/dwipps/${id}/upvote`, { token: voter.idToken });
      }),
    );
    await readers;

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    for (const answer of answers.filter((answer) => answer.status === 503)) {
      expect(answer.json).toMatchObject({ error: { code: "unavailable" } });
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Every upvote answered 200 is counted; one answered 503 may have been counted before the
    // count's read gave up, and is counted once (a repeat changes nothing). Some were counted, so
    // some upvotes did reach the read after their transaction, the step under test, whatever
    // they were answered. The partition's one read a second may still turn the first read away.
    let dwipp = await callApi(cloud.stack, "GET", `/dwipps/${id}`, { token: author.idToken });
    for (let attempt = 1; dwipp.status === 503 && attempt < 5; attempt++) {
      await pause(1_000);
      dwipp = await callApi(cloud.stack, "GET", `/dwipps/${id}`, { token: author.idToken });
    }
    expect(dwipp.status).toBe(200);
    const upvotes = (dwipp.json as { upvotes: number }).upvotes;
    expect(upvotes).toBeGreaterThan(0);
    expect(upvotes).toBeGreaterThanOrEqual(statuses.filter((status) => status === 200).length);
    expect(upvotes).toBeLessThanOrEqual(voters.length);
  } finally {
    await cloud.stop();
  }
});
