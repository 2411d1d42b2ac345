// The web app's build settings, named once: the stack sets them from its outputs for a deploy, the
// local cloud from its addresses, and the app reads them (apps/web/src/config/public-config.ts),
// so the three cannot disagree on a name.

/** The NEXT_PUBLIC_* variable behind each setting the app is built with. */
export const publicConfigVariables = {
  apiUrl: "NEXT_PUBLIC_API_URL",
  userPoolId: "NEXT_PUBLIC_USER_POOL_ID",
  userPoolClientId: "NEXT_PUBLIC_USER_POOL_CLIENT_ID",
  /** Cognito's endpoint; empty means AWS's own for the pool's region. */
  cognitoEndpoint: "NEXT_PUBLIC_COGNITO_ENDPOINT",
  /** The local cloud's mailbox; unset when deployed (and then the build has no mailbox page). */
  mailboxUrl: "NEXT_PUBLIC_MAILBOX_URL",
} as const;

export type PublicConfig = { [setting in keyof typeof publicConfigVariables]: string };

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
