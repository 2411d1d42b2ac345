// Amazon Cognito's answers that the web app reads and the local cloud writes, said once: the errors
// a user pool gives when its pre-sign-up trigger refused or its post-confirmation trigger failed,
// and how an error's code is read from either SDK (amazon-cognito-identity-js puts it in `code`,
// the AWS SDK in `name`).

/** The user pool trigger that makes a person's profile, by the name Cognito gives it in errors. */
export const POST_CONFIRMATION = "PostConfirmation";

/** The user pool trigger that refuses a name, by the name Cognito gives it in errors. */
export const PRE_SIGN_UP = "PreSignUp";

/** The code of a Cognito error from either SDK, or "Unknown". */
export function cognitoErrorCode(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code) return code;
    if (typeof name === "string" && name) return name;
  }
  return "Unknown";
}

/** The message of a Cognito error, or "". */
export function cognitoErrorMessage(error: unknown): string {
  return typeof error === "object" && error !== null && "message" in error
    ? String((error as { message: unknown }).message)
    : "";
}

/** How Cognito's message for a trigger that threw begins. */
const failedWithError = (trigger: string) => `${trigger} failed with error `;

/** Cognito's message for a trigger that threw: `<trigger> failed with error <its message>.` */
export function triggerFailureMessage(trigger: string, detail: string): string {
  return `${failedWithError(trigger)}${detail}.`;
}

/**
 * The words of the pre-sign-up trigger's refusal, when Cognito's error is one (Cognito puts them
 * after its own and ends with a full stop of its own), or undefined.
 */
export function preSignUpRefusal(error: unknown): string | undefined {
  const message = cognitoErrorMessage(error);
  const start = failedWithError(PRE_SIGN_UP);
  if (cognitoErrorCode(error) !== "UserLambdaValidationException" || !message.startsWith(start)) {
    return undefined;
  }
  return message.slice(start.length).replace(/\.$/, "");
}

/**
 * Whether Cognito's error says only that the post-confirmation trigger failed or did not answer.
 * Cognito confirms the account (or sets the new password) before it runs that trigger, so what was
 * asked for is done.
 */
export function isPostConfirmationFailure(error: unknown): boolean {
  const code = cognitoErrorCode(error);
  return (
    code === "UnexpectedLambdaException" ||
    (code === "UserLambdaValidationException" &&
      cognitoErrorMessage(error).startsWith(failedWithError(POST_CONFIRMATION)))
  );
}
