// Amazon Cognito through amazon-cognito-identity-js, loaded on demand so the library stays off the
// first paint. Every call resolves or rejects with Cognito's own error; pages turn those into words.

import { cognitoErrorCode } from "@dwipper/site/cognito-answers";
import type { CognitoUser, CognitoUserPool, CognitoUserSession } from "amazon-cognito-identity-js";
import { publicConfig } from "@/config/public-config";
import { isAccessTokenExpiry, isPostConfirmationFailure } from "./auth-errors";
import { RenewalUnavailable } from "./renewal";

type Cognito = typeof import("amazon-cognito-identity-js");

let loading: Promise<{ lib: Cognito; pool: CognitoUserPool }> | undefined;

function load() {
  loading ??= import("amazon-cognito-identity-js").then((lib) => {
    const pool = new lib.CognitoUserPool({
      UserPoolId: publicConfig.userPoolId,
      ClientId: publicConfig.userPoolClientId,
      ...(publicConfig.cognitoEndpoint ? { endpoint: publicConfig.cognitoEndpoint } : {}),
    });
    sendingOnce(pool);
    return { lib, pool };
  });
  return loading;
}

/** The library's client, which its declarations leave out: the pool's, shared by its users. */
interface LibraryClient {
  request(
    operation: string,
    params: unknown,
    callback: (error: unknown, data?: unknown) => void,
  ): void;
  requestWithRetry(
    operation: string,
    params: unknown,
    callback: (error: unknown, data?: unknown) => void,
  ): void;
}

/**
 * The library sends a renewal and a sign-out's revocation with `requestWithRetry`, which asks
 * Cognito again after any error, a refused refresh token included, for about six seconds: a person
 * whose session is over would watch a page load that long before being asked to sign in, and each
 * renewal would be up to six requests against their Cognito quota. What is worth asking again is
 * decided here (a throttled request: `whileThrottled`; Cognito out of reach: the renewal's own
 * schedule in `auth-context.tsx`), so the pool's client sends those requests once, as it sends the
 * others (ADR 0050).
 */
function sendingOnce(pool: CognitoUserPool) {
  const { client } = pool as unknown as { client: LibraryClient };
  client.requestWithRetry = (operation, params, callback) =>
    client.request(operation, params, callback);
}

async function user(email: string) {
  const { lib, pool } = await load();
  const cognitoUser = new lib.CognitoUser({ Username: email, Pool: pool });
  // SRP, on AWS and locally alike: the password never leaves the browser.
  cognitoUser.setAuthenticationFlowType("USER_SRP_AUTH");
  return { lib, cognitoUser };
}

export interface Session {
  idToken: string;
  sub: string;
  name: string;
  email: string;
  /** Seconds since the epoch at which the ID token was issued and expires, on Cognito's clock. */
  issuedAt: number;
  expiresAt: number;
  /** Seconds this browser's clock runs ahead of Cognito's, as the library measured it. */
  clockDrift: number;
}

function toSession(session: CognitoUserSession): Session {
  const idToken = session.getIdToken();
  const claims = idToken.decodePayload() as Record<string, unknown>;
  return {
    idToken: idToken.getJwtToken(),
    sub: String(claims.sub ?? ""),
    name: String(claims.name ?? ""),
    email: String(claims.email ?? ""),
    issuedAt: idToken.getIssuedAt(),
    expiresAt: idToken.getExpiration(),
    // The library keeps it (and checks its tokens with it); its type declarations leave it out.
    clockDrift: (session as CognitoUserSession & { getClockDrift(): number }).getClockDrift(),
  };
}

export async function signUp(email: string, name: string, password: string): Promise<void> {
  const { lib, pool } = await load();
  await whileThrottled(
    () =>
      new Promise<void>((resolve, reject) => {
        pool.signUp(
          email,
          password,
          [
            new lib.CognitoUserAttribute({ Name: "email", Value: email }),
            new lib.CognitoUserAttribute({ Name: "name", Value: name }),
          ],
          [],
          (error) => (error ? reject(error) : resolve()),
        );
      }),
  );
}

/** Settles a confirmation: done, unless Cognito refused what was asked (not just the trigger). */
const settleConfirmation =
  (resolve: () => void, reject: (error: unknown) => void) => (error?: unknown) =>
    error && !isPostConfirmationFailure(error) ? reject(error) : resolve();

export async function confirmSignUp(email: string, code: string): Promise<void> {
  const { cognitoUser } = await user(email);
  await whileThrottled(
    () =>
      new Promise<void>((resolve, reject) => {
        cognitoUser.confirmRegistration(code, true, settleConfirmation(resolve, reject));
      }),
  );
}

export async function resendConfirmationCode(email: string): Promise<void> {
  const { cognitoUser } = await user(email);
  await whileThrottled(
    () =>
      new Promise<void>((resolve, reject) => {
        cognitoUser.resendConfirmationCode((error) => (error ? reject(error) : resolve()));
      }),
  );
}

export async function signIn(email: string, password: string): Promise<Session> {
  const { lib, cognitoUser } = await user(email);
  const details = new lib.AuthenticationDetails({ Username: email, Password: password });
  return whileThrottled(
    () =>
      new Promise<Session>((resolve, reject) => {
        cognitoUser.authenticateUser(details, {
          onSuccess: (session) => resolve(toSession(session)),
          onFailure: reject,
          newPasswordRequired: () =>
            reject(
              Object.assign(new Error("A new password is required."), {
                code: "NewPasswordRequired",
              }),
            ),
        });
      }),
  );
}

/**
 * Cognito could not answer now: out of reach, throttling the request (its request-rate quotas), or
 * failing itself. None of these says the session is over; only a refusal does.
 */
function unavailable(error: unknown): RenewalUnavailable | null {
  const code = cognitoErrorCode(error);
  if (code === "NetworkError") return new RenewalUnavailable("unreachable");
  if (code === "TooManyRequestsException" || code === "InternalErrorException") {
    return new RenewalUnavailable("busy");
  }
  return null;
}

/**
 * How long to wait before asking Cognito again after it throttled a request (its request-rate
 * quotas): a throttled request did nothing, so it is safe to repeat, and Cognito's advice is to do
 * so after a growing, random wait. Past the last, the throttle is the answer.
 */
const THROTTLE_WAITS_MS = [400, 1_000];

async function whileThrottled<T>(ask: () => Promise<T>): Promise<T> {
  for (const wait of THROTTLE_WAITS_MS) {
    try {
      return await ask();
    } catch (error) {
      if (cognitoErrorCode(error) !== "TooManyRequestsException") throw error;
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }
  return ask();
}

/** The key under which the library keeps one of its entries in local storage. */
export const storageKey = (...parts: string[]) =>
  ["CognitoIdentityServiceProvider", publicConfig.userPoolClientId, ...parts].join(".");

/** A stored value; null when it is not there, undefined when the page may not use local storage. */
function stored(key: string): string | null | undefined {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return undefined;
  }
}

function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const part = (token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * The session the library keeps in local storage for `username`, read without the library while
 * its tokens are still good by the library's own rule (both before expiry, on the clock it
 * corrected at sign-in), so a signed-in page asks for its data without downloading it first.
 * Undefined when it needs renewing, which the library does.
 */
function storedSession(username: string): Session | undefined {
  const idToken = stored(storageKey(username, "idToken"));
  const accessToken = stored(storageKey(username, "accessToken"));
  const id = idToken ? claimsOf(idToken) : null;
  const access = accessToken ? claimsOf(accessToken) : null;
  if (!idToken || !id || !access) return undefined;
  const drift = Number.parseInt(stored(storageKey(username, "clockDrift")) ?? "", 10) || 0;
  const now = Math.floor(Date.now() / 1000) - drift;
  if (!(now < Number(id.exp) && now < Number(access.exp))) return undefined;
  return {
    idToken,
    sub: String(id.sub ?? ""),
    name: String(id.name ?? ""),
    email: String(id.email ?? ""),
    issuedAt: Number(id.iat),
    expiresAt: Number(id.exp),
    clockDrift: drift,
  };
}

/**
 * The session as the library left it, read at once and without it: null when nobody signed in on
 * this browser, undefined when only the library can tell (tokens to renew, or storage closed to the
 * page, where the library keeps tokens in memory).
 */
export function keptSession(): Session | null | undefined {
  const username = stored(storageKey("LastAuthUser"));
  if (username === null) return null;
  return username === undefined ? undefined : storedSession(username);
}

/** The signed-in session, refreshed with the refresh token when the ID token has expired. */
export async function currentSession(): Promise<Session | null> {
  // A visitor who never signed in never loads the library, and a valid stored session needs none.
  const kept = keptSession();
  if (kept !== undefined) return kept;
  const { pool } = await load();
  const current = pool.getCurrentUser();
  if (!current) return null;
  // An expired session is renewed here, which needs Cognito: unable to answer, it ends nothing.
  const session = await renewing(() => librarySession(current));
  return session?.isValid() ? toSession(session) : null;
}

/**
 * A new ID token from the refresh token, whatever the current one's expiry: before it expires, or
 * after the API refused it. Null when Cognito refuses (signed out, refresh token expired or
 * revoked); throws RenewalUnavailable when Cognito cannot answer now, which ends nothing.
 */
export async function refreshSession(): Promise<Session | null> {
  const { pool } = await load();
  const current = pool.getCurrentUser();
  if (!current) return null;
  const session = await renewing(() => librarySession(current));
  if (!session) return null;
  const renewed = await renewing(
    () =>
      new Promise<CognitoUserSession | null>((resolve, reject) =>
        current.refreshSession(session.getRefreshToken(), (error, found: CognitoUserSession) =>
          error ? reject(error) : resolve(found),
        ),
      ),
  );
  return renewed ? toSession(renewed) : null;
}

/** The library's session for the user, which it renews itself when the ID token has expired. */
const librarySession = (current: CognitoUser) =>
  new Promise<CognitoUserSession | null>((resolve, reject) =>
    current.getSession((error: Error | null, found: CognitoUserSession | null) =>
      error ? reject(error) : resolve(found),
    ),
  );

/**
 * One step of a renewal, asked again while Cognito throttles it: its answer; null when Cognito
 * refused (the session is over); RenewalUnavailable thrown when Cognito could not answer.
 */
async function renewing(
  step: () => Promise<CognitoUserSession | null>,
): Promise<CognitoUserSession | null> {
  try {
    return await whileThrottled(step);
  } catch (error) {
    const reason = unavailable(error);
    if (reason) throw reason;
    return null;
  }
}

/**
 * Signs out: Cognito revokes the refresh token (so a copy of it yields nothing more), then the
 * tokens are forgotten here. When Cognito cannot be reached they are forgotten all the same.
 */
export async function signOut(): Promise<void> {
  const { pool } = await load();
  const current = pool.getCurrentUser();
  if (!current) return;
  // The library hands its callback the revocation's error; its types say it takes none.
  const revokeThenSignOut = current.signOut as (callback: (error?: Error) => void) => void;
  await new Promise<void>((resolve) => {
    revokeThenSignOut.call(current, (error) => {
      // Without a session to revoke, or without Cognito, the library keeps the tokens: drop them.
      if (error) current.signOut();
      resolve();
    });
  });
}

export async function forgotPassword(email: string): Promise<void> {
  const { cognitoUser } = await user(email);
  await whileThrottled(
    () =>
      new Promise<void>((resolve, reject) => {
        cognitoUser.forgotPassword({ onSuccess: () => resolve(), onFailure: reject });
      }),
  );
}

export async function confirmNewPassword(
  email: string,
  code: string,
  newPassword: string,
): Promise<void> {
  const { cognitoUser } = await user(email);
  await whileThrottled(
    () =>
      new Promise<void>((resolve, reject) => {
        cognitoUser.confirmPassword(code, newPassword, {
          onSuccess: () => resolve(),
          onFailure: settleConfirmation(resolve, reject),
        });
      }),
  );
}

/**
 * Changes the signed-in user's password; Cognito checks the current one. An access token that
 * expired on its way to Cognito (the library took it for good a moment before) is renewed and the
 * change sent once more, as the API's client does with an ID token the API refused.
 */
export async function changePassword(current: string, next: string): Promise<void> {
  const { pool } = await load();
  const cognitoUser = pool.getCurrentUser();
  if (!cognitoUser) {
    throw Object.assign(new Error("Not signed in."), { code: "NotAuthorizedException" });
  }
  const change = () =>
    new Promise<void>((resolve, reject) => {
      cognitoUser.changePassword(current, next, (error) => (error ? reject(error) : resolve()));
    });
  await whileThrottled(async () => {
    // changePassword needs the user's tokens loaded, which getSession does.
    const session = await librarySession(cognitoUser);
    try {
      await change();
    } catch (error) {
      if (!session || !isAccessTokenExpiry(error)) throw error;
      await new Promise((resolve, reject) =>
        cognitoUser.refreshSession(session.getRefreshToken(), (failure, renewed) =>
          failure ? reject(failure) : resolve(renewed),
        ),
      );
      await change();
    }
  });
}

/** The key under which the library remembers who is signed in, to notice sign-outs in other tabs. */
export function sessionStorageKey(): string {
  return storageKey("LastAuthUser");
}
