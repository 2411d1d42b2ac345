// The month's model of budget writes: one per change, one per block of reads a function's instance
// takes for a person and minute.
import { READ_BLOCK } from "@dwipper/core/budget";
import { describe, expect, it } from "vitest";
import { ACTIVE_MINUTES, budgetWritesPerRequest, USAGE_PER_PERSON_DAY } from "./month";

describe("budgetWritesPerRequest", () => {
  it("counts one write for every change", () => {
    expect(budgetWritesPerRequest("POST /dwipps")).toBe(1);
    expect(budgetWritesPerRequest("PUT /me/notifications/read")).toBe(1);
  });

  it("counts one write for a read made less than once a minute", () => {
    expect(budgetWritesPerRequest("GET /dwipps/top")).toBe(1);
  });

  it("shares a block a minute among a polled function's reads, its variants' included", () => {
    const feedReads =
      (USAGE_PER_PERSON_DAY["GET /dwipps"] ?? 0) +
      (USAGE_PER_PERSON_DAY["GET /dwipps?since (the live feed's poll)"] ?? 0);
    // Every 8 s and three pages a visit: 8.1 reads a minute, one block of READ_BLOCK a minute.
    expect(feedReads / ACTIVE_MINUTES).toBeLessThan(READ_BLOCK);
    const perRead = ACTIVE_MINUTES / feedReads;
    expect(budgetWritesPerRequest("GET /dwipps")).toBeCloseTo(perRead);
    expect(budgetWritesPerRequest("GET /dwipps?since (the live feed's poll)")).toBeCloseTo(perRead);
  });
});
