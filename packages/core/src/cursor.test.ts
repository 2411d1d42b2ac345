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
