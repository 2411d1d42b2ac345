// Holds the pool's password policy as the web app and the local pool apply it.

import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-policy";

describe("passwordProblems", () => {
  it("lists every rule a password breaks", () => {
    expect(passwordProblems("")).toEqual([
      "at least 8 characters",
      "a lowercase letter",
      "an uppercase letter",
      "a number",
    ]);
    expect(passwordProblems("abcdefgh")).toEqual(["an uppercase letter", "a number"]);
  });

  it("accepts a password that meets the policy", () => {
    expect(passwordProblems("Shower-thought1")).toEqual([]);
  });
});
