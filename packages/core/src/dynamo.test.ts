// Retries of what DynamoDB puts off must end before the function's timeout does, so the caller is
// told "not now" (503) rather than left to API Gateway's 500. DynamoDB hands a batch's throttled
// keys back a few at a time, so a page's batch can take many tries, cancels a transaction that
// races another on an item, and throttles a hot partition's requests, which the SDK tries again by
// itself; these hold core's retries and the SDK's to one budget with a client that never finishes
// the batch or the transaction, or whose every request is throttled.

import { createServer, type Socket } from "node:net";
import { Readable } from "node:stream";
import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { HttpResponse } from "@smithy/core/protocols";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  batchDelete,
  batchGet,
  dynamo,
  LAST_TRY_GRACE_MS,
  StillUnprocessedError,
  TriesWithinBudget,
  transact,
  writeBesideTransactions,
} from "./dynamo";
import { RETRY_BUDGET_MS, withinOneRetryBudget } from "./retry-budget";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Runs `work` while the fake clock moves on, and says when and how it ended. */
async function settle(work: Promise<unknown>) {
  const started = Date.now();
  const outcome = work.then(
    () => ({ error: undefined, after: Date.now() - started }),
    (error: unknown) => ({ error, after: Date.now() - started }),
  );
  await vi.advanceTimersByTimeAsync(RETRY_BUDGET_MS + 10_000);
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

/** Cancels every transaction sent as one that lost a race; says when each try came, from `started`. */
function everyTransactionLosesARace(started: number): number[] {
  const tries: number[] = [];
  vi.spyOn(dynamo, "send").mockImplementation(async () => {
    tries.push(Date.now() - started);
    throw new TransactionCanceledException({
      message: "Transaction cancelled",
      $metadata: {},
      CancellationReasons: [{ Code: "TransactionConflict" }],
    });
  });
  return tries;
}

describe("a transaction that keeps losing races", () => {
  it("is tried again until the budget's end, its last try starting by then, and then refused", async () => {
    // The longest waits the jitter can draw: without the budget's cap, a last wait of a second
    // would start a try past it, and leave the rest of the request less than its two seconds.
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries = everyTransactionLosesARace(started);
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

describe("a request's steps share one budget", () => {
  it("a transaction begun late in a request has only what is left of the request's budget", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries = everyTransactionLosesARace(started);
    // An earlier step of the request (its budget, a read) took 5 s.
    const request = withinOneRetryBudget(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      return transact({ TransactItems: [] });
    });
    const { error, after } = await settle(request);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(Math.min(...tries)).toBe(5_000);
    expect(Math.max(...tries)).toBeLessThanOrEqual(RETRY_BUDGET_MS);
    expect(after).toBeLessThanOrEqual(RETRY_BUDGET_MS);
  });

  it("an invocation with less time left than the default ends its retries by its own budget", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries = everyTransactionLosesARace(started);
    const { error, after } = await settle(
      withinOneRetryBudget(() => transact({ TransactItems: [] }), 3_000),
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(tries.length).toBeGreaterThan(1);
    expect(Math.max(...tries)).toBeLessThanOrEqual(3_000);
    expect(after).toBeLessThanOrEqual(3_000);
  });
});

describe("a request DynamoDB throttles, which the SDK tries again by itself", () => {
  /** Makes every request the client sends answer as DynamoDB does a throttled partition's. */
  function throttleEveryRequest(started: number): number[] {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    const tries: number[] = [];
    vi.spyOn(dynamo.config.requestHandler, "handle").mockImplementation(async () => {
      tries.push(Date.now() - started);
      const body = JSON.stringify({
        __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        message: "The level of configured provisioned throughput for the table was exceeded.",
      });
      return {
        response: new HttpResponse({
          statusCode: 400,
          headers: { "content-type": "application/x-amz-json-1.0" },
          body: Readable.from([Buffer.from(body)]),
        }),
      };
    });
    return tries;
  }
  const read = () => dynamo.send(new GetCommand({ TableName: "t", Key: { pk: "a", sk: "b" } }));

  it("within a request, stops at the budget's end, its last try starting by then", async () => {
    // The longest waits the jitter can draw: uncut, tries at 7, 8, 10 and 14 s.
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const started = Date.now();
    const tries = throttleEveryRequest(started);
    const request = withinOneRetryBudget(async () => {
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      return read();
    });
    const { error, after } = await settle(request);
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(tries[0]).toBe(7_000);
    expect(tries.length).toBeGreaterThan(1);
    expect(Math.max(...tries)).toBeLessThanOrEqual(RETRY_BUDGET_MS);
    expect(after).toBeLessThanOrEqual(RETRY_BUDGET_MS);
  });

  it("outside a request, is tried four times with the SDK's waits", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const tries = throttleEveryRequest(Date.now());
    const { error } = await settle(read());
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    // Waits of half of 1, 2 and 4 s: the SDK's backoff for throttling, uncut.
    expect(tries).toEqual([0, 500, 1_500, 3_500]);
  });
});

describe("a try DynamoDB does not answer", () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it("is given up by its grace after the invocation's budget, in time for the invocation's 503", async () => {
    // A DynamoDB that takes the connection and the request and never answers.
    const held: Socket[] = [];
    const silent = createServer((socket) => {
      held.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "eu-west-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      requestHandler: new TriesWithinBudget(),
    });
    const budgetMs = 300;
    const started = Date.now();
    try {
      const outcome = await Promise.race([
        withinOneRetryBudget(
          () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })),
          budgetMs,
        ).then(
          () => "answered",
          (error: Error) => error.name,
        ),
        // Unbounded, the try would wait as long as the connection stays open.
        new Promise((resolve) => setTimeout(() => resolve("still waiting"), 5_000)),
      ]);
      expect(outcome).toBe("TimeoutError");
      const after = Date.now() - started;
      expect(after).toBeGreaterThanOrEqual(budgetMs + LAST_TRY_GRACE_MS - 50);
      expect(after).toBeLessThan(budgetMs + LAST_TRY_GRACE_MS + 1_000);
    } finally {
      client.destroy();
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});
