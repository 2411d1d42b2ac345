// Holds the words the web app says for each Cognito refusal.

import { describe, expect, it } from "vitest";
import { describeAuthError } from "./auth-errors";

describe("describeAuthError", () => {
  it("tells a person locked out by failed sign-ins to wait, not that their password is wrong", () => {
    // Cognito refuses even the right password while a lockout lasts, with this message.
    const lockedOut = { code: "NotAuthorizedException", message: "Password attempts exceeded" };
    expect(describeAuthError("sign-in", lockedOut)).toMatch(/Too many failed attempts to sign in/);
    expect(describeAuthError("sign-in", lockedOut)).not.toBe(
      describeAuthError("sign-in", { code: "NotAuthorizedException" }),
    );
  });

  it("tells a person whom Cognito refuses for its request rate to wait, whatever they were doing", () => {
    const rate = { code: "TooManyRequestsException", message: "Rate exceeded" };
    for (const action of ["sign-in", "sign-up", "confirm", "forgot-password"] as const) {
      expect(describeAuthError(action, rate)).toMatch(/busy right now/);
    }
  });

  it("tells a person past Cognito's hourly code attempts to wait up to an hour, naming the code", () => {
    const limit = { code: "LimitExceededException", message: "Attempt limit exceeded" };
    for (const action of ["forgot-password", "reset-password"] as const) {
      expect(describeAuthError(action, limit)).toMatch(/reset your password.*Wait up to an hour/);
    }
    for (const action of ["confirm", "resend"] as const) {
      expect(describeAuthError(action, limit)).toMatch(/confirmation codes.*Wait up to an hour/);
    }
    expect(describeAuthError("sign-up", limit)).toMatch(/Wait a few minutes/);
  });

  it("says in its own words why the pool's pre-sign-up trigger refused a name", () => {
    const refused = {
      code: "UserLambdaValidationException",
      message: "PreSignUp failed with error A name is one line, without control characters..",
    };
    expect(describeAuthError("sign-up", refused)).toBe(
      "A name is one line, without control characters.",
    );
    // Another trigger's failure is not a refusal of the name.
    const other = { ...refused, message: "PostConfirmation failed with error Boom." };
    expect(describeAuthError("sign-up", other)).not.toMatch(/name|Boom/);
  });

  it("does not reveal on sign-in whether the email is registered", () => {
    expect(describeAuthError("sign-in", { code: "UserNotFoundException" })).toBe(
      describeAuthError("sign-in", { code: "NotAuthorizedException" }),
    );
  });

  it("tells a session Cognito no longer takes from a wrong current password", () => {
    const expired = { code: "NotAuthorizedException", message: "Access Token has expired" };
    expect(describeAuthError("change-password", expired)).toMatch(/needed renewing. Try once more/);
    const revoked = { code: "NotAuthorizedException", message: "Access Token has been revoked" };
    expect(describeAuthError("change-password", revoked)).toMatch(/session has ended/);
    const wrong = { code: "NotAuthorizedException", message: "Incorrect username or password." };
    expect(describeAuthError("change-password", wrong)).not.toMatch(/session/);
  });

  it("tells a wrong current password from a weak new one", () => {
    const wrong = { code: "NotAuthorizedException", message: "Incorrect username or password." };
    expect(describeAuthError("change-password", wrong)).toMatch(/current password/);
    const weak = {
      code: "InvalidPasswordException",
      message: "Password did not conform with policy: Password must have uppercase characters",
    };
    expect(describeAuthError("change-password", weak)).toMatch(/password rules/);
  });

  it("explains a weak password on sign-up and reset in words", () => {
    expect(describeAuthError("sign-up", { code: "InvalidPasswordException" })).toMatch(/rules/);
    expect(describeAuthError("reset-password", { code: "InvalidPasswordException" })).toMatch(
      /rules/,
    );
  });

  it("gives an unconfirmed person a way forward when a reset is refused", () => {
    expect(describeAuthError("forgot-password", { code: "InvalidParameterException" })).toMatch(
      /Confirm your email/,
    );
  });

  it("says a code is wrong without revealing whether the account exists", () => {
    expect(describeAuthError("reset-password", { code: "UserNotFoundException" })).toBe(
      describeAuthError("reset-password", { code: "CodeMismatchException" }),
    );
  });

  it("falls back to a sentence for anything unknown", () => {
    expect(describeAuthError("confirm", new Error("boom"))).toMatch(/try again/);
    expect(describeAuthError("confirm", null)).toMatch(/try again/);
  });
});

describe("a confirmation answered with the post-confirmation trigger's failure", () => {
  it("tells a person confirming an account twice to sign in", () => {
    expect(describeAuthError("confirm", { code: "NotAuthorizedException" })).toMatch(/Sign in/);
  });
});
