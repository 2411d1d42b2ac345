// For unit tests: a browser's local storage as the Cognito library leaves it after a sign-in,
// with tokens that expire when the test says, or with whatever entries a test needs.
import { vi } from "vitest";
import { storageKey } from "./cognito";

/**
 * Stands in for the page's window with a local storage holding these entries, which the code
 * under test (the Cognito library among it) may also change.
 */
export function storageWith(entries: Record<string, string>): void {
  const stored = new Map(Object.entries(entries));
  vi.stubGlobal("window", {
    localStorage: {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => stored.set(key, String(value)),
      removeItem: (key: string) => stored.delete(key),
      clear: () => stored.clear(),
    },
  });
}

/** A token with these claims, as the library reads one; its signature is nobody's. */
export const unsignedToken = (claims: Record<string, unknown>) =>
  ["header", Buffer.from(JSON.stringify(claims)).toString("base64url"), "signature"].join(".");

/**
 * A session kept for "sub-1" whose tokens expire `expiresIn` seconds from now, on a computer whose
 * clock runs `clockDrift` seconds ahead of Cognito's (as the library measured at sign-in).
 */
export function signedInAs(expiresIn: number, clockDrift = 0) {
  // The tokens carry Cognito's times.
  const now = Math.floor(Date.now() / 1000) - clockDrift;
  const claims = {
    sub: "sub-1",
    name: "Zoë",
    email: "z@example.test",
    iat: now,
    exp: now + expiresIn,
  };
  const idToken = unsignedToken(claims);
  storageWith({
    [storageKey("LastAuthUser")]: "sub-1",
    [storageKey("sub-1", "idToken")]: idToken,
    [storageKey("sub-1", "accessToken")]: unsignedToken({ exp: now + expiresIn }),
    [storageKey("sub-1", "clockDrift")]: String(clockDrift),
  });
  return { claims, idToken };
}
