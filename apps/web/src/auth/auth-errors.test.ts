import { describe, expect, it } from "vitest";
import { describeAuthError } from "./auth-errors";

describe("describeAuthError", () => {
  it("says the same for a wrong password on AWS and on cognito-local", () => {
    const aws = describeAuthError("sign-in", { code: "NotAuthorizedException" });
    const local = describeAuthError("sign-in", { code: "InvalidPasswordException" });
    expect(aws).toBe(local);
  });

  it("does not reveal on sign-in whether the email is registered", () => {
    expect(describeAuthError("sign-in", { code: "UserNotFoundException" })).toBe(
      describeAuthError("sign-in", { code: "NotAuthorizedException" }),
    );
  });

  it("explains a weak password on sign-up in words", () => {
    expect(describeAuthError("sign-up", { code: "InvalidPasswordException" })).toMatch(/password/);
  });

  it("falls back to a sentence for anything unknown", () => {
    expect(describeAuthError("confirm", new Error("boom"))).toMatch(/try again/);
    expect(describeAuthError("confirm", null)).toMatch(/try again/);
  });
});
