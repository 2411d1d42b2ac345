// How the web app's Cognito client may sign people in, said once for the stack's client and the
// local cloud's: with SRP (the password never leaves the browser), and with refresh tokens to stay
// signed in; nothing else. And how long its tokens last.
export const WEB_CLIENT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;

/**
 * How long the web client's tokens last: Cognito's defaults for an app client (an hour for ID and
 * access tokens, 30 days for a refresh token), written out so that the local pool's client is
 * given the same; cognito-local's own are a day and a week.
 */
export const WEB_CLIENT_TOKEN_VALIDITY = {
  idTokenMinutes: 60,
  accessTokenMinutes: 60,
  refreshTokenDays: 30,
} as const;
