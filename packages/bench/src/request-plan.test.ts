// P2's and P3's bare requests must keep what a handler's requests waited for: a read that needs
// another's keys goes after it, even when a third request (the budget's write) was in flight
// across both.
import { describe, expect, it } from "vitest";
import { describeRequests, planOf, sendInOrder } from "./request-plan";

describe("the recorded plan of a handler's requests", () => {
  const calls = [
    { command: "query shard 1", start: 0, end: 4 },
    { command: "budget write", start: 0, end: 9 },
    { command: "query shard 2", start: 1, end: 5 },
    { command: "batch read", start: 6, end: 8 },
  ];

  it("sends a request after those that had answered before it was sent, and only those", () => {
    const plan = planOf(calls);
    expect(plan.commands).toEqual(["query shard 1", "budget write", "query shard 2", "batch read"]);
    expect(plan.after).toEqual([[], [], [], [0, 2]]);
  });

  it("is described by its count and its longest chain", () => {
    expect(describeRequests(planOf(calls))).toBe("4 requests, 2 in a row");
    const chain = [
      { command: "a", start: 0, end: 1 },
      { command: "b", start: 1, end: 2 },
      { command: "c", start: 2, end: 3 },
    ];
    expect(describeRequests(planOf(chain))).toBe("3 requests, 3 in a row");
  });

  it("is sent again with each request after those it waited for, and beside the others", async () => {
    const plan = planOf(calls);
    const answered = new Map<string, () => void>();
    const sent: string[] = [];
    const sending = sendInOrder(plan, (command) => {
      sent.push(command);
      return new Promise<void>((resolve) => answered.set(command, resolve));
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    expect(sent).toEqual(["query shard 1", "budget write", "query shard 2"]);
    answered.get("query shard 1")?.();
    await settle();
    expect(sent).toHaveLength(3);
    answered.get("query shard 2")?.();
    await settle();
    // The batch read waits for both queries, not for the budget's write still in flight.
    expect(sent).toEqual(["query shard 1", "budget write", "query shard 2", "batch read"]);
    answered.get("batch read")?.();
    answered.get("budget write")?.();
    await sending;
  });
});
