// DynamoDB throttles a partition used harder than it allows (ADR 0031). Against an engine whose
// partitions take very little, many people upvote one Dwipp at once, so its partition is
// throttled: each is answered either that the upvote is counted or 503 with Retry-After, and the
// Dwipp's count is exactly the upvotes answered 200, each kept once.
import { cloudWithEngine, restoreEnvironmentAfterAll } from "@dwipper/testing/cloud-of-its-own";
import { callApi, createUser, createUsers } from "@dwipper/testing/users";
import { expect, it } from "vitest";

restoreEnvironmentAfterAll();

it("answers every upvote on a throttled partition 200 or 503, and counts exactly those answered 200", {
  timeout: 90_000,
}, async () => {
  // Two write units a second: an upvote, a transaction of two items in the Dwipp's partition,
  // takes four, so ten at once need twenty seconds and core's retries give up after eight. Ten is
  // as many instances of a function as run at once locally (ADR 0061), so all of them meet at the
  // partition together, as any number would on AWS; past ten, the rest would first wait for an
  // instance, in rounds of eight seconds each.
  const cloud = await cloudWithEngine({ partitionWriteUnits: 2 });
  try {
    const author = await createUser(cloud.stack, "Author");
    const posted = await callApi(cloud.stack, "POST", "/dwipps", {
      token: author.idToken,
      body: { content: "Upvoted by a crowd" },
    });
    expect(posted.status).toBe(201);
    const id = (posted.json as { id: string }).id;
    const crowd = await createUsers(cloud.stack, 10, "Voter");

    const answers = await Promise.all(
      crowd.map((voter) =>
        callApi(cloud.stack, "PUT", `/dwipps/${id}/upvote`, { token: voter.idToken }),
      ),
    );
    const counted = answers.filter((answer) => answer.status === 200);
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(counted.length + unavailable.length).toBe(answers.length);
    expect(counted.length).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.json).toMatchObject({ error: { code: "unavailable" } });
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }

    // Once the partition has its units back, the count is read: one per upvote answered 200.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const dwipp = await callApi(cloud.stack, "GET", `/dwipps/${id}`, { token: author.idToken });
    expect(dwipp.json).toMatchObject({ upvotes: counted.length });
    for (const [n, voter] of crowd.entries()) {
      const seen = await callApi(cloud.stack, "GET", `/dwipps/${id}`, { token: voter.idToken });
      expect(seen.json, `voter ${n}`).toMatchObject({
        upvotedByMe: answers[n]?.status === 200,
      });
    }
  } finally {
    await cloud.stop();
  }
});
