// Cognito's answers as the web app reads them and the local cloud writes them.
import { describe, expect, it } from "vitest";
import {
  cognitoErrorCode,
  isPostConfirmationFailure,
  POST_CONFIRMATION,
  triggerFailureMessage,
} from "./cognito-answers";

describe("isPostConfirmationFailure", () => {
  it("knows Cognito's answers for a post-confirmation trigger that threw or did not answer", () => {
    expect(
      isPostConfirmationFailure({
        code: "UserLambdaValidationException",
        message: "PostConfirmation failed with error profile table unreachable.",
      }),
    ).toBe(true);
    expect(isPostConfirmationFailure({ name: "UnexpectedLambdaException", message: "" })).toBe(
      true,
    );
  });

  it("leaves every refusal of the confirmation itself to be shown", () => {
    for (const code of [
      "CodeMismatchException",
      "ExpiredCodeException",
      "NotAuthorizedException",
    ]) {
      expect(isPostConfirmationFailure({ code, message: "PostConfirmation failed" })).toBe(false);
    }
    // Another trigger's failure is not this one's.
    expect(
      isPostConfirmationFailure({
        code: "UserLambdaValidationException",
        message: "PreSignUp failed with error no.",
      }),
    ).toBe(false);
    expect(isPostConfirmationFailure(undefined)).toBe(false);
  });
});

describe("triggerFailureMessage", () => {
  it("is Cognito's sentence for a trigger that threw, which isPostConfirmationFailure knows", () => {
    const message = triggerFailureMessage(POST_CONFIRMATION, "profile table unreachable");
    expect(message).toBe("PostConfirmation failed with error profile table unreachable.");
    expect(isPostConfirmationFailure({ name: "UserLambdaValidationException", message })).toBe(
      true,
    );
  });
});

describe("cognitoErrorCode", () => {
  it("reads either SDK's error", () => {
    expect(cognitoErrorCode({ code: "CodeMismatchException" })).toBe("CodeMismatchException");
    expect(cognitoErrorCode({ name: "NotAuthorizedException" })).toBe("NotAuthorizedException");
    expect(cognitoErrorCode("boom")).toBe("Unknown");
  });
});
