// The Cognito library itself, as the web app loads it, over a stand-in for Cognito's HTTP answers:
// what the page asks of Cognito when a session cannot be renewed, request by request. (The other
// tests of `cognito.ts` stand in for the library, and so cannot see what it sends.)
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { storageWith, unsignedToken } from "./kept-session.fixture";

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("NEXT_PUBLIC_USER_POOL_ID", "us-east-1_Requests");
  vi.stubEnv("NEXT_PUBLIC_USER_POOL_CLIENT_ID", "client");
  vi.stubEnv("NEXT_PUBLIC_COGNITO_ENDPOINT", "http://cognito.test/");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  // The modules loaded here read the stand-in pool's settings: the next file loads its own.
  vi.resetModules();
});

/**
 * A browser's local storage holding a session for "someone" whose tokens are still good, under the
 * keys of the module this test loaded (its pool's client).
 */
function keptSession(storageKey: (...parts: string[]) => string) {
  const now = Math.floor(Date.now() / 1000);
  storageWith({
    [storageKey("LastAuthUser")]: "someone",
    [storageKey("someone", "idToken")]: unsignedToken({ sub: "sub-1", iat: now, exp: now + 3600 }),
    [storageKey("someone", "accessToken")]: unsignedToken({ iat: now, exp: now + 3600 }),
    [storageKey("someone", "refreshToken")]: "a-revoked-refresh-token",
    [storageKey("someone", "clockDrift")]: "0",
  });
}

it("asks Cognito once to renew a session it refuses, and the renewal ends at that answer", async () => {
  const { refreshSession, storageKey } = await import("./cognito");
  keptSession(storageKey);
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (_url: string, init: { headers: Record<string, string> }) => {
    asked.push(init.headers["X-Amz-Target"] ?? "");
    // What the library reads of an answer, settled in promises alone, so the test's clock runs it.
    return {
      ok: false,
      status: 400,
      headers: new Headers({ "content-type": "application/x-amz-json-1.1" }),
      json: async () => ({
        __type: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      }),
    };
  });
  // Waits on a clock of the test's, so that any asking again the library did would happen within
  // the test rather than time it out.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  let settled = false;
  const renewing = refreshSession().finally(() => {
    settled = true;
  });
  // The library loads in real time; once it has asked, the rest settles on promises and that clock.
  while (asked.length === 0 && !settled) await new Promise((resolve) => setImmediate(resolve));
  for (let step = 0; step < 40 && !settled; step++) await vi.advanceTimersByTimeAsync(250);
  await expect(renewing).resolves.toBeNull();
  vi.useRealTimers();
  expect(asked).toEqual(["AWSCognitoIdentityProviderService.InitiateAuth"]);
});
