// Holds that a list's cursor is opaque, signed and good only for its list and caller.

import { beforeAll, describe, expect, it } from "vitest";

let Cursor: typeof import("./cursor");

beforeAll(async () => {
  process.env.SST_RESOURCE_CursorSecret = JSON.stringify({ value: "unit-test-secret" });
  Cursor = await import("./cursor");
});

describe("cursors", () => {
  it("round-trip for the same list and caller", () => {
    const cursor = Cursor.encode("feed", "user-a", "2026-11-23T17:05:32.123Z#abc");
    expect(Cursor.decode("feed", "user-a", cursor)).toBe("2026-11-23T17:05:32.123Z#abc");
  });

  it("are refused for another caller or another list", () => {
    const cursor = Cursor.encode("feed", "user-a", "position");
    expect(() => Cursor.decode("feed", "user-b", cursor)).toThrow(/not valid/);
    expect(() => Cursor.decode("mine", "user-a", cursor)).toThrow(/not valid/);
  });

  it("are refused when tampered with or malformed", () => {
    const cursor = Cursor.encode("feed", "user-a", "position");
    const [payload, mac] = cursor.split(".");
    const forged = `${Buffer.from("other").toString("base64url")}.${mac}`;
    expect(() => Cursor.decode("feed", "user-a", forged)).toThrow(/not valid/);
    expect(() => Cursor.decode("feed", "user-a", `${payload}`)).toThrow(/not valid/);
    expect(() => Cursor.decode("feed", "user-a", `${cursor}.x`)).toThrow(/not valid/);
    expect(() => Cursor.decode("feed", "user-a", "")).toThrow(/not valid/);
  });
});

describe("pageOf", () => {
  const read = ["e", "d", "c", "b"];
  const position = (item: string) => `at-${item}`;

  it("keeps the first `limit` items and points after the last when one more was read", () => {
    const page = Cursor.pageOf("feed", "user-a", read, 3, position);
    expect(page.items).toEqual(["e", "d", "c"]);
    expect(Cursor.decode("feed", "user-a", page.nextCursor ?? "")).toBe("at-c");
  });

  it("has no next cursor when nothing follows the page", () => {
    expect(Cursor.pageOf("feed", "user-a", read, 4, position)).toEqual({
      items: read,
      nextCursor: null,
    });
    expect(Cursor.pageOf("feed", "user-a", [], 3, position)).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
