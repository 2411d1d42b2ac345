// Cognito's reading of a password policy: the first rule a password breaks, in Cognito's words.
import { describe, expect, it } from "vitest";
import { policyRefusal } from "./cognito-passwords";

const everything = {
  MinimumLength: 8,
  RequireLowercase: true,
  RequireUppercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

describe("policyRefusal", () => {
  it.each([
    ["Ab1!", "Password not long enough"],
    ["ABCDEFG1!", "Password must have lowercase characters"],
    ["abcdefg1!", "Password must have uppercase characters"],
    ["Abcdefgh!", "Password must have numeric characters"],
    ["Abcdefgh1", "Password must have symbol characters"],
    // A space between other characters is a symbol; one at either end is not.
    [" Abcdefgh1 ", "Password must have symbol characters"],
  ])("refuses %j: %s", (password, rule) => {
    expect(policyRefusal(everything, password)).toBe(
      `Password did not conform with policy: ${rule}`,
    );
  });

  it.each(["Abcdefg1!", "Abcd efg1", "Abc-defg1", "Abcdefg1~"])("takes %j", (password) => {
    expect(policyRefusal(everything, password)).toBeUndefined();
  });

  it("asks only what the policy requires", () => {
    expect(policyRefusal({ MinimumLength: 8, RequireNumbers: true }, "lowercase1")).toBeUndefined();
    expect(policyRefusal({ MinimumLength: 6 }, "short")).toBe(
      "Password did not conform with policy: Password not long enough",
    );
  });
});
