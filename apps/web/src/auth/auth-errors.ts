// Cognito's errors as sentences a person can act on, by the names Amazon Cognito gives them (the
// local pool answers with the same names). Sign-in failures and reset requests never say whether
// an email is registered.

import {
  cognitoErrorCode,
  cognitoErrorMessage,
  isPostConfirmationFailure,
  preSignUpRefusal,
} from "@dwipper/site/cognito-answers";

export type AuthAction =
  | "sign-in"
  | "sign-up"
  | "confirm"
  | "resend"
  | "forgot-password"
  | "reset-password"
  | "change-password";

const signInFailed = "That email and password do not match an account. Check them and try again.";
const weakPassword = "That password does not meet the password rules shown below it.";
const wrongCurrentPassword = "Your current password is not right.";
const tooMany = "Too many attempts. Wait a few minutes and try again.";
const resetsSpent =
  "You have tried to reset your password too often. Wait up to an hour and try again.";
const signUpCodesSpent =
  "You have entered or asked for too many confirmation codes. Wait up to an hour and try again.";
/** Cognito's request-rate quotas: the page has already asked again, after a short wait. */
const busy = "Sign-in is busy right now. Wait a moment and try again.";
/** Cognito's answer while it locks a person out after failed sign-ins, whatever the password. */
const lockedOut = /password attempts exceeded/i;
/**
 * Cognito's refusals of the access token a change of password is made with, not of the password:
 * one that expired on the way (renewed and sent again once; the next try renews it first), and one
 * whose session has ended.
 */
const accessTokenExpired = /access token has expired/i;
const sessionEnded = /access token/i;

/** Whether Cognito refused a request only because its access token expired on the way. */
export function isAccessTokenExpiry(error: unknown): boolean {
  return (
    cognitoErrorCode(error) === "NotAuthorizedException" &&
    accessTokenExpired.test(cognitoErrorMessage(error))
  );
}

type Messages = Partial<Record<AuthAction | "any", string>>;

const byCode: Record<string, Messages> = {
  NotAuthorizedException: {
    "sign-in": signInFailed,
    "change-password": wrongCurrentPassword,
    // Cognito's answer to confirming an account that is confirmed already.
    confirm: "This email is already confirmed. Sign in instead.",
    any: "You are not allowed to do that.",
  },
  UserNotFoundException: {
    "sign-in": signInFailed,
    "reset-password": "That code is not right. Check the latest email and try again.",
    any: "We could not find an account with that email.",
  },
  // A new password the pool's policy refuses (a wrong one is NotAuthorizedException).
  InvalidPasswordException: { any: weakPassword },
  UserNotConfirmedException: {
    any: "Your email is not confirmed yet. Enter the code we sent you.",
  },
  UsernameExistsException: { any: "An account with that email already exists. Sign in instead." },
  CodeMismatchException: { any: "That code is not right. Check the latest email and try again." },
  ExpiredCodeException: { any: "That code has expired. Ask for a new one." },
  // Cognito allows a person only a few attempts an hour to ask for or enter a code: a password
  // reset's, and (it gives no number) a sign-up's.
  LimitExceededException: {
    "forgot-password": resetsSpent,
    "reset-password": resetsSpent,
    confirm: signUpCodesSpent,
    resend: signUpCodesSpent,
    any: tooMany,
  },
  TooManyRequestsException: { any: busy },
  TooManyFailedAttemptsException: { any: tooMany },
  InvalidParameterException: {
    resend: "This email is already confirmed. Sign in instead.",
    "forgot-password":
      "Your email is not confirmed yet, so we cannot reset your password. Confirm your email first.",
    any: "Something in the form is not valid. Check each field.",
  },
  NetworkError: { any: "We could not reach the sign-in service. Check your connection." },
};

export function describeAuthError(action: AuthAction, error: unknown): string {
  // The pool's trigger refused the name, in core's words (the form checks them first).
  const refusal = preSignUpRefusal(error);
  if (refusal) return refusal;
  const code = cognitoErrorCode(error);
  if (code === "NotAuthorizedException" && lockedOut.test(cognitoErrorMessage(error))) {
    return "Too many failed attempts to sign in. Wait a little, then try again.";
  }
  if (isAccessTokenExpiry(error)) return "Your session needed renewing. Try once more.";
  if (code === "NotAuthorizedException" && sessionEnded.test(cognitoErrorMessage(error))) {
    return "Your session has ended. Sign in again, then try once more.";
  }
  const messages = byCode[code];
  return messages?.[action] ?? messages?.any ?? "Something went wrong. Please try again.";
}

/** Cognito's refusal to reset a password whose email was never confirmed. */
export function isUnconfirmedResetRefusal(error: unknown): boolean {
  return cognitoErrorCode(error) === "InvalidParameterException";
}

/**
 * Whether Cognito's error says only that the post-confirmation trigger failed or did not answer:
 * what the person asked for is done, the error is not theirs to see, and the profile the trigger
 * makes is made by the backfill instead (docs/operations.md).
 */
export { isPostConfirmationFailure };
