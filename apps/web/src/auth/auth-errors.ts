// Cognito's errors as sentences a person can act on. cognito-local and AWS name some errors
// differently (a wrong password is InvalidPasswordException locally, NotAuthorizedException on
// AWS), so both names map to the same words. Sign-in failures never say whether an email exists.

export type AuthAction = "sign-in" | "sign-up" | "confirm" | "resend";

const signInFailed = "That email and password do not match an account. Check them and try again.";

const byCode: Record<string, Partial<Record<AuthAction | "any", string>>> = {
  NotAuthorizedException: { "sign-in": signInFailed, any: "You are not allowed to do that." },
  UserNotFoundException: {
    "sign-in": signInFailed,
    any: "We could not find an account with that email.",
  },
  InvalidPasswordException: {
    "sign-in": signInFailed,
    any: "That password does not meet the password rules.",
  },
  UserNotConfirmedException: {
    any: "Your email is not confirmed yet. Enter the code we sent you.",
  },
  UsernameExistsException: {
    any: "An account with that email already exists. Sign in instead.",
  },
  CodeMismatchException: { any: "That code is not right. Check the latest email and try again." },
  ExpiredCodeException: { any: "That code has expired. Ask for a new one." },
  LimitExceededException: { any: "Too many attempts. Wait a few minutes and try again." },
  TooManyRequestsException: { any: "Too many attempts. Wait a few minutes and try again." },
  TooManyFailedAttemptsException: { any: "Too many attempts. Wait a few minutes and try again." },
  InvalidParameterException: { any: "Something in the form is not valid. Check each field." },
  NetworkError: { any: "We could not reach the sign-in service. Check your connection." },
};

export function authErrorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code) return code;
    if (typeof name === "string" && name) return name;
  }
  return "Unknown";
}

export function describeAuthError(action: AuthAction, error: unknown): string {
  const messages = byCode[authErrorCode(error)];
  return messages?.[action] ?? messages?.any ?? "Something went wrong. Please try again.";
}
