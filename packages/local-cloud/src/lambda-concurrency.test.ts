// The account's Lambda concurrency: slots up to the quota, none past it (Lambda throttles), and a
// slot handed, in turn, to an invocation Lambda would try again.
import { describe, expect, it } from "vitest";
import { ACCOUNT_CONCURRENCY, ConcurrencyLimit, concurrencySetting } from "./lambda-concurrency";
import { SettingError } from "./settings";

describe("ConcurrencyLimit", () => {
  it("starts invocations up to its limit and throttles the next until one ends", () => {
    const account = new ConcurrencyLimit(2);
    const [first, second] = [account.tryStart(), account.tryStart()];
    expect(first && second).toBeTruthy();
    expect(account.tryStart()).toBeUndefined();
    first?.();
    first?.();
    const third = account.tryStart();
    expect(third).toBeTruthy();
    // Giving a slot back twice frees it once.
    expect(account.tryStart()).toBeUndefined();
  });

  it("hands a freed slot to the invocations waiting for one, in turn, before any new one", async () => {
    const account = new ConcurrencyLimit(1);
    const running = account.tryStart();
    const started: string[] = [];
    const waiting = ["a", "b"].map((name) =>
      account.start().then((slot) => {
        started.push(name);
        return slot;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([]);
    running?.();
    const a = await waiting[0];
    expect(started).toEqual(["a"]);
    expect(account.tryStart()).toBeUndefined();
    a?.();
    (await waiting[1])?.();
    expect(started).toEqual(["a", "b"]);
    expect(account.tryStart()).toBeTruthy();
  });
});

describe("concurrencySetting", () => {
  it("is AWS's default unless DWIPPER_LAMBDA_CONCURRENCY says otherwise, in whole invocations", () => {
    expect(concurrencySetting({})).toBe(ACCOUNT_CONCURRENCY);
    expect(ACCOUNT_CONCURRENCY).toBe(1_000);
    expect(concurrencySetting({ DWIPPER_LAMBDA_CONCURRENCY: "10" })).toBe(10);
    for (const value of ["0", "ten", "2.5"]) {
      expect(() => concurrencySetting({ DWIPPER_LAMBDA_CONCURRENCY: value })).toThrow(SettingError);
    }
  });
});
