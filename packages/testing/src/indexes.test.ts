// The waits the suites use for what trails a write: `whenIndexed` hands back the last answer either
// way; `requireIndexed` fails, naming that answer, when what it waits for never shows.

import { describe, expect, it } from "vitest";
import { requireIndexed, whenIndexed } from "./indexes";

/** A read whose answers count up from 1, one a call. */
function counting() {
  let calls = 0;
  return async () => ++calls;
}

describe("whenIndexed", () => {
  it("reads until the answer shows, and returns that answer", async () => {
    expect(await whenIndexed(counting(), (n) => n === 3, 2_000)).toBe(3);
  });

  it("returns the last answer once its time is up", async () => {
    const last = await whenIndexed(counting(), () => false, 150);
    expect(last).toBeGreaterThan(1);
  });
});

describe("requireIndexed", () => {
  it("returns the answer that shows", async () => {
    expect(await requireIndexed(counting(), (n) => n === 2, 2_000)).toBe(2);
  });

  it("fails, naming the answer as last read, when it never shows", async () => {
    const read = async () => ({ items: [], unread: 1 });
    await expect(requireIndexed(read, (page) => page.unread === 2, 150)).rejects.toThrow(
      'not shown within 150 ms; the answer as last read: {"items":[],"unread":1}',
    );
  });

  it("cuts a long answer short in its message", async () => {
    const read = async () => "x".repeat(5_000);
    const failure = await requireIndexed(read, () => false, 50).catch((error: Error) => error);
    expect(String(failure)).toContain(`"${"x".repeat(1_999)}…`);
    expect(String(failure).length).toBeLessThan(2_200);
  });
});
