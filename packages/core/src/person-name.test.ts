// Holds the rule every registered name meets: the form, the pool and its trigger all apply it.

import { describe, expect, it } from "vitest";
import { NAME_MAX_LENGTH, nameProblem, normalizeName } from "./person-name";

describe("nameProblem", () => {
  it("takes the names people have, in any script, with emoji", () => {
    for (const name of [
      "Ada",
      "Ada Lovelace",
      "Grace Brewster Murray Hopper",
      "李白",
      "محمد",
      "Zoë O'Brien-Łukasz",
      "👨‍👩‍👧 family", // joined by zero-width joiners, which show as one emoji
      "x".repeat(NAME_MAX_LENGTH),
    ]) {
      expect(nameProblem(name), name).toBeUndefined();
    }
  });

  it("refuses a name nobody could see", () => {
    // Spaces, zero-width spaces, a Hangul filler, a soft hyphen, a byte order mark: all blank.
    for (const name of ["", "   ", "\u200B\u200B", "\u3164", "\u00AD", "\uFEFF"]) {
      expect(nameProblem(name), JSON.stringify(name)).toBe(
        "Enter the name people will see on your Dwipps.",
      );
    }
  });

  it("refuses line breaks, tabs and other control characters", () => {
    for (const name of ["Ada\nLovelace", "Ada\tL", "Ada\u0000", "Ada\u007F", "Ada\u0085"]) {
      expect(nameProblem(name), JSON.stringify(name)).toBe(
        "A name is one line, without control characters.",
      );
    }
  });

  it("refuses marks that would turn the text around the name backwards", () => {
    for (const name of ["Ada\u202E", "\u202Dmoc.live", "Ada\u2067x\u2069"]) {
      expect(nameProblem(name), JSON.stringify(name)).toBe(
        "A name cannot contain marks that change the direction of text.",
      );
    }
  });

  it("refuses half of a surrogate pair, spaces around the name and more than the pool holds", () => {
    expect(nameProblem("Ada\uD83D")).toBe("A name must be valid Unicode text.");
    expect(nameProblem(" Ada")).toBe("A name cannot begin or end with a space.");
    expect(nameProblem("Ada ")).toBe("A name cannot begin or end with a space.");
    expect(nameProblem("x".repeat(NAME_MAX_LENGTH + 1))).toBe(
      `A name can be at most ${NAME_MAX_LENGTH} characters.`,
    );
  });

  it("takes every name the form sends once it has taken the spaces off", () => {
    expect(nameProblem(normalizeName("  Ada Lovelace \n"))).toBeUndefined();
  });
});
