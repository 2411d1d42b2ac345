// Holds the initials an avatar shows for a name.

import { describe, expect, it } from "vitest";
import { initialsOf } from "./avatar";

describe("initialsOf", () => {
  it("takes the first letters of the first and last names", () => {
    expect(initialsOf("Ada Lovelace")).toBe("AL");
    expect(initialsOf("Grace Brewster Hopper")).toBe("GH");
    expect(initialsOf("  lin  ")).toBe("L");
  });

  it("copes with letters beyond ASCII and with nothing", () => {
    expect(initialsOf("Émile Zola")).toBe("ÉZ");
    expect(initialsOf("😀 Smile")).toBe("😀S");
    expect(initialsOf("")).toBe("?");
  });
});
