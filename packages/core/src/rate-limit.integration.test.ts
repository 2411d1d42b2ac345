// The write budgets against the local DynamoDB engine: exact under concurrency, per person, per minute.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RateLimited } from "./error";
import { spend } from "./rate-limit";

const person = () => ({ id: `limit-${randomUUID()}`, name: "Limited" });
const minute = 60_000;
const start = Math.floor(Date.now() / minute) * minute;

afterEach(() => {
  delete process.env.DWIPPER_WRITES_PER_MINUTE;
  delete process.env.DWIPPER_POSTS_PER_MINUTE;
});

async function outcomes(attempts: Promise<void>[]) {
  const settled = await Promise.allSettled(attempts);
  const refused = settled.flatMap((result) =>
    result.status === "rejected" ? [result.reason] : [],
  );
  for (const reason of refused) expect(reason).toBeInstanceOf(RateLimited);
  return { allowed: settled.length - refused.length, refused: refused as RateLimited[] };
}

describe("spend", () => {
  it("allows exactly the budget, even when every request arrives at once", async () => {
    process.env.DWIPPER_WRITES_PER_MINUTE = "7";
    const actor = person();
    const { allowed, refused } = await outcomes(
      Array.from({ length: 25 }, () => spend(actor, "write", start + 1_000)),
    );
    expect(allowed).toBe(7);
    expect(refused).toHaveLength(18);
  });

  it("says how long until the next minute, and the next minute has a fresh budget", async () => {
    process.env.DWIPPER_WRITES_PER_MINUTE = "2";
    const actor = person();
    await spend(actor, "write", start + 15_000);
    await spend(actor, "write", start + 15_000);
    const refusal = await spend(actor, "write", start + 15_500).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimited);
    expect((refusal as RateLimited).retryAfter).toBe(45);
    expect((refusal as RateLimited).code).toBe("rate_limited");
    await expect(spend(actor, "write", start + minute)).resolves.toBeUndefined();
  });

  it("limits posts within the write budget, and each person separately", async () => {
    process.env.DWIPPER_POSTS_PER_MINUTE = "3";
    const [actor, other] = [person(), person()];
    const posts = await outcomes(Array.from({ length: 6 }, () => spend(actor, "post", start)));
    expect(posts.allowed).toBe(3);
    // Other writes still go through, and another person has a budget of their own.
    await expect(spend(actor, "write", start)).resolves.toBeUndefined();
    await expect(spend(other, "post", start)).resolves.toBeUndefined();
  });

  it("falls back to the defaults when a setting is not a positive whole number", async () => {
    process.env.DWIPPER_POSTS_PER_MINUTE = "lots";
    const actor = person();
    const posts = await outcomes(Array.from({ length: 21 }, () => spend(actor, "post", start)));
    expect(posts.allowed).toBe(20);
  });
});
