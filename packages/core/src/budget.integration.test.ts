// The budgets against the local DynamoDB engine: exact under concurrency, per person, per minute,
// reads counted apart from changes, and taken by an instance in blocks.
import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { READ_BLOCK, spend, whileReading } from "./budget";
import { dynamo, tables } from "./dynamo";
import { RateLimited } from "./error";
import { budgetKey } from "./keys";

const person = () => ({ id: `limit-${randomUUID()}`, name: "Limited" });
const minute = 60_000;
const start = Math.floor(Date.now() / minute) * minute;

afterEach(() => {
  delete process.env.DWIPPER_READS_PER_MINUTE;
  delete process.env.DWIPPER_WRITES_PER_MINUTE;
  delete process.env.DWIPPER_POSTS_PER_MINUTE;
});

/** How many reads the person's counter for the minute holds, as every instance sees it. */
async function readsCounted(actor: { id: string }, at: number): Promise<number> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tables.budgets,
      Key: budgetKey(actor.id, Math.floor(at / minute)),
      ConsistentRead: true,
    }),
  );
  return Number(Item?.reads ?? 0);
}

async function outcomes(attempts: Promise<unknown>[]) {
  const settled = await Promise.allSettled(attempts);
  const refused = settled.flatMap((result) =>
    result.status === "rejected" ? [result.reason] : [],
  );
  // By its code: a module loaded afresh (another instance) has a RateLimited class of its own.
  for (const reason of refused) expect(reason).toMatchObject({ code: "rate_limited" });
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

describe("whileReading", () => {
  it("answers exactly the read budget, apart from the changes' budget", async () => {
    process.env.DWIPPER_READS_PER_MINUTE = "3";
    const actor = person();
    const reads = await outcomes(
      Array.from({ length: 8 }, () => whileReading(actor, async () => "page", start + 2_000)),
    );
    expect(reads.allowed).toBe(3);
    expect(reads.refused[0]?.message).toMatch(/^Too many reads at once\. Try again in 58 s\.$/);
    await expect(spend(actor, "write", start + 2_000)).resolves.toBeUndefined();
    await expect(spend(person(), "read", start + 2_000)).resolves.toBeUndefined();
  });

  it("refuses a person it knows to be over budget before reading, until the next minute", async () => {
    process.env.DWIPPER_READS_PER_MINUTE = "1";
    const actor = person();
    await whileReading(actor, async () => "page", start + 3_000);
    await expect(whileReading(actor, async () => "page", start + 3_000)).rejects.toBeInstanceOf(
      RateLimited,
    );
    const reading = vi.fn(async () => "page");
    await expect(whileReading(actor, reading, start + 4_000)).rejects.toBeInstanceOf(RateLimited);
    expect(reading).not.toHaveBeenCalled();
    await expect(whileReading(actor, reading, start + minute)).resolves.toBe("page");
    expect(reading).toHaveBeenCalledOnce();
  });

  it("refuses the read even when the page was found", async () => {
    process.env.DWIPPER_READS_PER_MINUTE = "1";
    const actor = person();
    await spend(actor, "read", start + 5_000);
    const refusal = await whileReading(actor, async () => "page", start + 5_000).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RateLimited);
  });

  it("takes reads in blocks: one write for the first ten of a minute, the next for the next ten", async () => {
    expect(READ_BLOCK).toBeGreaterThan(1);
    const actor = person();
    const at = start + 6_000;
    await whileReading(actor, async () => "page", at);
    expect(await readsCounted(actor, at)).toBe(READ_BLOCK);
    for (let n = 1; n < READ_BLOCK; n++) await whileReading(actor, async () => "page", at);
    expect(await readsCounted(actor, at)).toBe(READ_BLOCK);
    await whileReading(actor, async () => "page", at);
    expect(await readsCounted(actor, at)).toBe(2 * READ_BLOCK);
  });

  it("serves no more than the budget across instances, the last reads taken one at a time", async () => {
    process.env.DWIPPER_READS_PER_MINUTE = "15";
    const actor = person();
    const at = start + 7_000;
    // This module is one instance; a fresh copy of it is another, with nothing held.
    await whileReading(actor, async () => "page", at);
    vi.resetModules();
    const other = await import("./budget");
    const elsewhere = await outcomes(
      Array.from({ length: 8 }, () => other.whileReading(actor, async () => "page", at)),
    );
    // The first instance holds nine of its block; five were left for the second, one by one.
    expect(elsewhere.allowed).toBe(5);
    expect(await readsCounted(actor, at)).toBe(15);
    const here = await outcomes(
      Array.from({ length: 12 }, () => whileReading(actor, async () => "page", at)),
    );
    expect(here.allowed).toBe(READ_BLOCK - 1);
    expect(await readsCounted(actor, at)).toBe(15);
  });
});
