// The web app's build settings, named once: the stack sets them from its outputs for a deploy, the
// local cloud from its addresses, and the app reads them (apps/web/src/config/public-config.ts),
// so the three cannot disagree on a name or on how the app signs in.

export type AuthFlow = "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";

/** The NEXT_PUBLIC_* variable behind each setting the app is built with. */
export const publicConfigVariables = {
  apiUrl: "NEXT_PUBLIC_API_URL",
  userPoolId: "NEXT_PUBLIC_USER_POOL_ID",
  userPoolClientId: "NEXT_PUBLIC_USER_POOL_CLIENT_ID",
  /** Cognito's endpoint; empty means AWS's own for the pool's region. */
  cognitoEndpoint: "NEXT_PUBLIC_COGNITO_ENDPOINT",
  authFlow: "NEXT_PUBLIC_AUTH_FLOW",
  /** The local cloud's mailbox; unset when deployed (and then the build has no mailbox page). */
  mailboxUrl: "NEXT_PUBLIC_MAILBOX_URL",
} as const;

export type PublicConfig = { [setting in keyof typeof publicConfigVariables]: string } & {
  authFlow: AuthFlow;
};

/** The build environment for a set of settings (only those given). */
export function publicConfigEnvironment<T>(
  settings: Partial<Record<keyof typeof publicConfigVariables, T>>,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(settings).map(([setting, value]) => [
      publicConfigVariables[setting as keyof typeof publicConfigVariables],
      value as T,
    ]),
  );
}

/**
 * How the deployed app signs in: SRP, so the password never leaves the browser. Only the local
 * cloud, whose Cognito has no SRP, asks for USER_PASSWORD_AUTH.
 */
export const DEPLOYED_AUTH_FLOW: AuthFlow = "USER_SRP_AUTH";
export const LOCAL_AUTH_FLOW: AuthFlow = "USER_PASSWORD_AUTH";

export function authFlowFrom(value: string | undefined): AuthFlow {
  return value === LOCAL_AUTH_FLOW ? LOCAL_AUTH_FLOW : DEPLOYED_AUTH_FLOW;
}
