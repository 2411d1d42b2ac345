// A page must not wait for (or download) the Cognito library before it asks for its data: whether
// there is a session, and a session still good, are read from what the library stores; only one
// that needs renewing waits for the library.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { storageKey } from "./cognito";
import { signedInAs, storageWith } from "./kept-session.fixture";

const library = vi.hoisted(() => ({
  loaded: 0,
  currentUser: null as unknown,
  /** What Cognito answers the next confirmation with: nothing when it succeeds. */
  confirmation: undefined as unknown,
  /** Cognito's answers to the confirmations before that one, first first. */
  earlier: [] as unknown[],
}));

beforeEach(() => {
  vi.resetModules();
  library.loaded = 0;
  library.confirmation = undefined;
  library.earlier = [];
  // Made afresh for each test, so `loaded` counts this test's loading of the library alone.
  vi.doMock("amazon-cognito-identity-js", () => {
    library.loaded++;
    return {
      CognitoUserPool: class {
        // The library's client, whose retries the app turns off (cognito-requests.test.ts).
        client = { request() {}, requestWithRetry() {} };
        getCurrentUser() {
          return library.currentUser;
        }
      },
      CognitoUser: class {
        setAuthenticationFlowType() {}
        confirmRegistration(_code: string, _force: boolean, done: (error?: unknown) => void) {
          done(library.earlier.length > 0 ? library.earlier.shift() : library.confirmation);
        }
        confirmPassword(
          _code: string,
          _password: string,
          done: { onSuccess(): void; onFailure(error: unknown): void },
        ) {
          if (library.confirmation) done.onFailure(library.confirmation);
          else done.onSuccess();
        }
      },
    };
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("currentSession", () => {
  it("answers that there is none without loading the library when nothing is stored", async () => {
    storageWith({});
    const { currentSession } = await import("./cognito");
    expect(await currentSession()).toBeNull();
    expect(library.loaded).toBe(0);
  });

  it("reads a session whose tokens are still good without the library", async () => {
    const { claims } = signedInAs(3600);
    const { currentSession } = await import("./cognito");
    expect(await currentSession()).toMatchObject({
      sub: "sub-1",
      name: "Zoë",
      email: "z@example.test",
      expiresAt: claims.exp,
    });
    expect(library.loaded).toBe(0);
  });

  it("reads a session kept on a computer whose clock is an hour out, with that drift", async () => {
    // Its token expires in ten minutes by Cognito's clock, though the browser's reads an hour on.
    const { claims } = signedInAs(600, 3600);
    const { currentSession } = await import("./cognito");
    expect(await currentSession()).toMatchObject({ expiresAt: claims.exp, clockDrift: 3600 });
    expect(library.loaded).toBe(0);
  });

  it("leaves an expired session to the library, which renews it", async () => {
    signedInAs(-60);
    const { currentSession } = await import("./cognito");
    expect(await currentSession()).toBeNull();
    expect(library.loaded).toBe(1);
  });

  it("asks the library when it keeps a user's name but no tokens", async () => {
    storageWith({ [storageKey("LastAuthUser")]: "someone" });
    const { currentSession } = await import("./cognito");
    // The library finds no user behind the name here, so still no session; but it was asked.
    expect(await currentSession()).toBeNull();
    expect(library.loaded).toBe(1);
  });
});

describe("confirmations", () => {
  const triggerFailed = {
    code: "UserLambdaValidationException",
    message: "PostConfirmation failed with error profile table unreachable.",
  };

  it("are done when Cognito says only that its post-confirmation trigger failed", async () => {
    const { confirmNewPassword, confirmSignUp } = await import("./cognito");
    library.confirmation = triggerFailed;
    await expect(confirmSignUp("z@example.test", "123456")).resolves.toBeUndefined();
    await expect(
      confirmNewPassword("z@example.test", "123456", "Shower-thought-2"),
    ).resolves.toBeUndefined();
    library.confirmation = { code: "UnexpectedLambdaException", message: "timed out" };
    await expect(confirmSignUp("z@example.test", "123456")).resolves.toBeUndefined();
  });

  it("fail with Cognito's error when it refused the confirmation itself", async () => {
    const { confirmNewPassword, confirmSignUp } = await import("./cognito");
    const wrongCode = { code: "CodeMismatchException", message: "Invalid code" };
    library.confirmation = wrongCode;
    await expect(confirmSignUp("z@example.test", "000000")).rejects.toBe(wrongCode);
    await expect(confirmNewPassword("z@example.test", "000000", "Shower-thought-2")).rejects.toBe(
      wrongCode,
    );
  });
});

describe("renewing a session", () => {
  /**
   * A user the library keeps, whose renewal Cognito answers with `refusal`: the library's own
   * (an expired session read) or the page's (a token the API refused).
   */
  const keptUser = (refusal: { code: string; message: string }, at: "session" | "refresh") => {
    const session = { isValid: () => true, getRefreshToken: () => "refresh" };
    library.currentUser = {
      getSession: (done: (error: unknown, session: unknown) => void) =>
        at === "session" ? done(refusal, null) : done(null, session),
      refreshSession: (_token: unknown, done: (error: unknown, session: unknown) => void) =>
        done(refusal, null),
    };
  };
  afterEach(() => {
    library.currentUser = null;
  });

  it.each([
    ["out of reach", { code: "NetworkError", message: "Network error" }, "unreachable"],
    ["throttling it", { code: "TooManyRequestsException", message: "Rate exceeded" }, "busy"],
    ["failing itself", { code: "InternalErrorException", message: "Internal error" }, "busy"],
  ])("ends nothing while Cognito is %s, and says which it was", async (_, refusal, reason) => {
    vi.useFakeTimers();
    const { currentSession, refreshSession } = await import("./cognito");
    const { RenewalUnavailable } = await import("./renewal");
    const unavailable = expect.objectContaining({ reason });
    storageWith({ [storageKey("LastAuthUser")]: "someone" });
    // A throttled renewal is asked again after a short wait before it is given up.
    const settled = <T>(promise: Promise<T>) => {
      const outcome = promise.catch((error: unknown) => error);
      return vi.runAllTimersAsync().then(() => outcome);
    };
    keptUser(refusal, "refresh");
    const refreshing = await settled(refreshSession());
    expect(refreshing).toBeInstanceOf(RenewalUnavailable);
    expect(refreshing).toEqual(unavailable);
    keptUser(refusal, "session");
    expect(await settled(refreshSession())).toEqual(unavailable);
    const current = await settled(currentSession());
    expect(current).toBeInstanceOf(RenewalUnavailable);
    expect(current).toEqual(unavailable);
    vi.useRealTimers();
  });

  it("asks again when Cognito throttles a renewal, and renews when it takes it", async () => {
    const idToken = {
      getJwtToken: () => "renewed-token",
      decodePayload: () => ({ sub: "sub-1" }),
      getIssuedAt: () => 0,
      getExpiration: () => 3600,
    };
    const renewedSession = { getIdToken: () => idToken, getClockDrift: () => 0 };
    vi.useFakeTimers();
    const { refreshSession } = await import("./cognito");
    storageWith({ [storageKey("LastAuthUser")]: "someone" });
    const asked: string[] = [];
    const throttledOnce = { code: "TooManyRequestsException", message: "Rate exceeded" };
    library.currentUser = {
      getSession: (done: (error: unknown, session: unknown) => void) =>
        done(null, { isValid: () => true, getRefreshToken: () => "refresh" }),
      refreshSession: (_token: unknown, done: (error: unknown, session: unknown) => void) => {
        asked.push("refresh");
        if (asked.length === 1) done(throttledOnce, null);
        else done(null, renewedSession);
      },
    };
    const renewing = refreshSession();
    await vi.runAllTimersAsync();
    await expect(renewing).resolves.toMatchObject({ idToken: "renewed-token", sub: "sub-1" });
    expect(asked).toEqual(["refresh", "refresh"]);
    vi.useRealTimers();
  });

  it("ends the session when Cognito refuses the refresh token", async () => {
    const { currentSession, refreshSession } = await import("./cognito");
    storageWith({ [storageKey("LastAuthUser")]: "someone" });
    const revoked = { code: "NotAuthorizedException", message: "Refresh Token has been revoked" };
    keptUser(revoked, "refresh");
    await expect(refreshSession()).resolves.toBeNull();
    keptUser(revoked, "session");
    await expect(currentSession()).resolves.toBeNull();
  });
});

describe("changing a password", () => {
  const expired = { code: "NotAuthorizedException", message: "Access Token has expired" };
  const wrong = { code: "NotAuthorizedException", message: "Incorrect username or password." };
  /** A signed-in user whose changes Cognito answers with `answers`, first first; what was asked. */
  const changing = (answers: unknown[]) => {
    const asked: string[] = [];
    const session = { isValid: () => true, getRefreshToken: () => "refresh" };
    library.currentUser = {
      getSession: (done: (error: unknown, found: unknown) => void) => done(null, session),
      refreshSession: (_token: unknown, done: (error: unknown, found: unknown) => void) => {
        asked.push("renew");
        done(null, session);
      },
      changePassword: (_current: string, _next: string, done: (error?: unknown) => void) => {
        asked.push("change");
        done(answers.shift() ?? undefined);
      },
    };
    return asked;
  };
  afterEach(() => {
    library.currentUser = null;
  });

  it("renews an access token that expired on the way, and sends the change once more", async () => {
    const { changePassword } = await import("./cognito");
    const asked = changing([expired]);
    await expect(changePassword("Old-pass1", "New-pass1")).resolves.toBeUndefined();
    expect(asked).toEqual(["change", "renew", "change"]);
  });

  it("sends a change Cognito refused for its password only once", async () => {
    const { changePassword } = await import("./cognito");
    const asked = changing([wrong]);
    await expect(changePassword("Not-mine1", "New-pass1")).rejects.toBe(wrong);
    expect(asked).toEqual(["change"]);
  });

  it("renews once: a change refused again is the refusal the page words", async () => {
    const { changePassword } = await import("./cognito");
    const asked = changing([expired, expired]);
    await expect(changePassword("Old-pass1", "New-pass1")).rejects.toBe(expired);
    expect(asked).toEqual(["change", "renew", "change"]);
  });
});

describe("a request Cognito throttles", () => {
  const throttled = { code: "TooManyRequestsException", message: "Rate exceeded" };
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is asked again after a short wait, and goes through when Cognito takes it", async () => {
    vi.useFakeTimers();
    const { confirmSignUp } = await import("./cognito");
    library.earlier = [throttled, throttled];
    const confirmed = confirmSignUp("z@example.test", "123456");
    await vi.runAllTimersAsync();
    await expect(confirmed).resolves.toBeUndefined();
    expect(library.earlier).toEqual([]);
  });

  it("is answered with the throttle when Cognito keeps refusing it", async () => {
    vi.useFakeTimers();
    const { confirmSignUp } = await import("./cognito");
    library.earlier = [throttled, throttled];
    library.confirmation = throttled;
    const confirmed = confirmSignUp("z@example.test", "123456").catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await confirmed).toBe(throttled);
  });

  it("that Cognito refused for another reason is not asked again", async () => {
    const { confirmSignUp } = await import("./cognito");
    const wrongCode = { code: "CodeMismatchException", message: "Invalid code" };
    library.earlier = [wrongCode];
    await expect(confirmSignUp("z@example.test", "000000")).rejects.toBe(wrongCode);
  });
});
