import { describe, expect, it } from "vitest";
import { safeNext } from "./auth-context";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/")).toBe("/");
    expect(safeNext("/me/?tab=1")).toBe("/me/?tab=1");
  });

  it("refuses other origins and nothing at all", () => {
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
    expect(safeNext("")).toBe("/");
  });
});
