// Where the app finds its backend. Set at build time (NEXT_PUBLIC_*): by `sst deploy` from the
// stack's outputs, and by the local cloud for `npm run dev` and the tests.

export type AuthFlow = "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";

export interface PublicConfig {
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Cognito's endpoint; empty means AWS's own for the pool's region. */
  cognitoEndpoint: string;
  /** SRP on AWS; cognito-local only knows USER_PASSWORD_AUTH. */
  authFlow: AuthFlow;
  /** The local cloud's mailbox; empty when deployed. */
  mailboxUrl: string;
}

/**
 * How the deployed app signs in: SRP, so the password never leaves the browser. The stack passes
 * this to the build; only the local cloud, which has no SRP, asks for USER_PASSWORD_AUTH.
 */
export const DEPLOYED_AUTH_FLOW: AuthFlow = "USER_SRP_AUTH";

export function authFlowFrom(value: string | undefined): AuthFlow {
  return value === "USER_PASSWORD_AUTH" ? "USER_PASSWORD_AUTH" : "USER_SRP_AUTH";
}

// Each NEXT_PUBLIC_ variable is written out in full so that Next can inline it at build time.
export const publicConfig: PublicConfig = {
  apiUrl: process.env.NEXT_PUBLIC_API_URL ?? "",
  userPoolId: process.env.NEXT_PUBLIC_USER_POOL_ID ?? "",
  userPoolClientId: process.env.NEXT_PUBLIC_USER_POOL_CLIENT_ID ?? "",
  cognitoEndpoint: process.env.NEXT_PUBLIC_COGNITO_ENDPOINT ?? "",
  authFlow: authFlowFrom(process.env.NEXT_PUBLIC_AUTH_FLOW),
  mailboxUrl: process.env.NEXT_PUBLIC_MAILBOX_URL ?? "",
};
