// The reads-until-refused loop both read-budget tests rely on: it stops at the first refusal,
// counts only the answers it was told to expect, and fails on any other.

import { describe, expect, it } from "vitest";
import { readUntilRefused } from "./budgets";

/** A read that answers `statuses` in turn, then 200 for ever, and counts how often it was sent. */
function readsAnswering(...statuses: number[]) {
  const sent = { count: 0 };
  const read = async () => statuses[sent.count++] ?? 200;
  return { sent, read };
}

describe("readUntilRefused", () => {
  it("stops after the batch that holds the first refusal, and keeps that refusal", async () => {
    const { sent, read } = readsAnswering(...Array(30).fill(200), 429, 200, 429);
    const seen = await readUntilRefused(read, (status) => status, 200);
    expect(sent.count).toBe(50);
    expect(seen).toEqual({ answered: 48, refusal: 429 });
  });

  it("gives up without a refusal once 1,300 reads were answered", async () => {
    const { sent, read } = readsAnswering();
    const seen = await readUntilRefused(read, (status) => status, 200);
    expect(seen).toEqual({ answered: 1_300 });
    expect(sent.count).toBe(1_300);
  });

  it("throws on an answer that is neither expected nor a refusal", async () => {
    const { read } = readsAnswering(200, 500);
    await expect(readUntilRefused(read, (status) => status, 200)).rejects.toThrow(
      "answered 500, not 200 or 429",
    );
  });
});
