// How the web app's Cognito client may sign people in, said once for the stack's client and the
// local cloud's: with SRP (the password never leaves the browser), and with refresh tokens to stay
// signed in; nothing else.
export const WEB_CLIENT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;
