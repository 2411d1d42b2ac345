// Core's retries of what DynamoDB puts off must end before the function's timeout does, so the
// caller is told "not now" (503) rather than left to API Gateway's 500. DynamoDB hands a batch's
// throttled keys back a few at a time, so a page's batch can take many tries, and cancels a
// transaction that races another on an item; these hold the retries to their budget with a client
// that never finishes the batch or the transaction.

import {
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  batchDelete,
  batchGet,
  dynamo,
  RETRY_BUDGET_MS,
  StillUnprocessedError,
  transact,
  writeBesideTransactions,
} from "./dynamo";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs `work` while the fake clock moves on, and says when and how it ended. */
async function settle(work: Promise<unknown>) {
  const started = Date.now();
  const outcome = work.then(
    () => ({ error: undefined, after: Date.now() - started }),
    (error: unknown) => ({ error, after: Date.now() - started }),
  );
  await vi.advanceTimersByTimeAsync(RETRY_BUDGET_MS + 5_000);
  return outcome;
}

describe("batches DynamoDB keeps putting off", () => {
  it("a read gives up with StillUnprocessedError once the retry budget is spent", async () => {
    const send = vi.spyOn(dynamo, "send").mockImplementation(async (command) => ({
      Responses: {},
      UnprocessedKeys: (command.input as { RequestItems: unknown }).RequestItems,
    }));
    const { error, after } = await settle(batchGet({ dwipps: [{ pk: "a", sk: "b" }] }));
    expect(error).toBeInstanceOf(StillUnprocessedError);
    expect((error as Error).name).toBe("StillUnprocessedError");
    // The waits between tries stop at the budget's end: no try starts after it.
    expect(after).toBe(RETRY_BUDGET_MS);
    expect(send.mock.calls.length).toBeGreaterThan(2);
  });

  it("a read keeps what it found and finishes when the keys come through in time", async () => {
    let calls = 0;
    vi.spyOn(dynamo, "send").mockImplementation(async (command) => {
      calls++;
      const asked = (command.input as { RequestItems: { dwipps: { Keys: object[] } } })
        .RequestItems;
      const [first, ...rest] = asked.dwipps.Keys;
      return {
        Responses: { dwipps: [first] },
        ...(rest.length ? { UnprocessedKeys: { dwipps: { ...asked.dwipps, Keys: rest } } } : {}),
      };
    });
    const keys = [1, 2, 3].map((n) => ({ pk: `d${n}`, sk: "dwipp" }));
    const { error } = await settle(batchGet({ dwipps: keys }));
    expect(error).toBeUndefined();
    expect(calls).toBe(3);
  });

  it("a delete gives up with StillUnprocessedError once the retry budget is spent", async () => {
    vi.spyOn(dynamo, "send").mockImplementation(async (command) => ({
      UnprocessedItems: (command.input as { RequestItems: unknown }).RequestItems,
    }));
    const { error } = await settle(batchDelete("notifications", [{ pk: "a", sk: "b" }]));
    expect(error).toBeInstanceOf(StillUnprocessedError);
  });
});

describe("a transaction that keeps losing races", () => {
  it("is tried again until the budget's end, its last try starting by then, and then refused", async () => {
    // The longest waits the jitter can draw: without the budget's cap, a last wait of a second
    // would start a try past it, and leave the rest of the request less than its two seconds.
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries: number[] = [];
    vi.spyOn(dynamo, "send").mockImplementation(async () => {
      tries.push(Date.now() - started);
      throw new TransactionCanceledException({
        message: "Transaction cancelled",
        $metadata: {},
        CancellationReasons: [{ Code: "TransactionConflict" }],
      });
    });
    const { error, after } = await settle(transact({ TransactItems: [] }));
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(tries.length).toBeGreaterThan(5);
    expect(Math.max(...tries)).toBeLessThanOrEqual(RETRY_BUDGET_MS);
    expect(after).toBeLessThanOrEqual(RETRY_BUDGET_MS);
  });
});

describe("a plain write to an item a transaction is writing", () => {
  const busy = () =>
    new TransactionConflictException({ message: "Transaction is ongoing", $metadata: {} });

  it("is tried again until the transaction lets go", async () => {
    let tries = 0;
    const write = async () => {
      tries++;
      if (tries < 4) throw busy();
      return "written";
    };
    const outcome = settle(writeBesideTransactions(write));
    expect(await outcome).toMatchObject({ error: undefined });
    expect(tries).toBe(4);
  });

  it("gives the conflict back once the budget is spent, its last try starting by then", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries: number[] = [];
    const { error, after } = await settle(
      writeBesideTransactions(async () => {
        tries.push(Date.now() - started);
        throw busy();
      }),
    );
    expect(error).toBeInstanceOf(TransactionConflictException);
    expect(Math.max(...tries)).toBeLessThanOrEqual(RETRY_BUDGET_MS);
    expect(after).toBeLessThanOrEqual(RETRY_BUDGET_MS);
  });

  it("is not tried again for any other refusal", async () => {
    let tries = 0;
    const { error } = await settle(
      writeBesideTransactions(async () => {
        tries++;
        throw new Error("no");
      }),
    );
    expect((error as Error).message).toBe("no");
    expect(tries).toBe(1);
  });
});
