// P9's measure of what the least read would cost rests on counting an item's bytes as DynamoDB does.
import { describe, expect, it } from "vitest";
import { itemBytes } from "./item-size";

describe("itemBytes", () => {
  it("counts names and values the way DynamoDB counts them for capacity", () => {
    expect(itemBytes({ pk: "DWIPP#x" })).toBe(2 + 7);
    expect(itemBytes({ text: "héllo" })).toBe(4 + 6);
    // A number: one byte per two significant digits, plus one.
    expect(itemBytes({ n: 123 })).toBe(1 + 2 + 1);
    expect(itemBytes({ n: 1200 })).toBe(1 + 1 + 1);
    expect(itemBytes({ b: true, z: null })).toBe(1 + 1 + 1 + 1);
    // A map or list: three bytes, and a byte for each element besides its own size.
    expect(itemBytes({ m: { a: "xy" } })).toBe(1 + 3 + (1 + 1 + 2));
    expect(itemBytes({ l: ["a", 1] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });
});
