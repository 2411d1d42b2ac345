// `next` after sign-in leads only to a page of this site, whatever trick the value plays on a URL
// parser or a router.
import { describe, expect, it } from "vitest";
import { safeNext } from "./auth-context";

const origin = "https://dwipper.example";

describe("safeNext", () => {
  it.each([
    ["/", "/"],
    ["/me/?tab=1", "/me/?tab=1"],
    ["/favorites/#top", "/favorites/#top"],
    ["/a/../me/", "/me/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the path %j on this site", (next, kept) => {
    expect(safeNext(next, origin)).toBe(kept);
  });

  it.each([
    ["an absolute URL", "https://evil.example/"],
    ["another scheme", "javascript:alert(1)"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash after the slash", "/\\evil.example"],
    ["a tab between the slashes", "/\t/evil.example"],
    ["a newline between the slashes", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a backslash later on", "/me/\\..\\..\\evil"],
    ["a dot segment that leaves two slashes", "/.//evil.example"],
    ["a NUL", "/me\u0000/"],
    ["nothing", ""],
    ["no value", null],
    ["a relative path", "me/"],
    ["a very long value", `/${"a".repeat(5000)}`],
  ])("refuses %s", (_, next) => {
    expect(safeNext(next, origin)).toBe("/");
  });

  it("never returns what a router would read as another origin", () => {
    const tricky = ["/\t/x", "/./\\/x", "/..//x", "/%09/x", "/%5C/x", "/ /x", "/\u2028/x"];
    for (const next of tricky) {
      const target = new URL(safeNext(next, origin), origin);
      expect(target.origin, next).toBe(origin);
      expect(safeNext(next, origin).startsWith("//"), next).toBe(false);
    }
  });
});
