// How the web client copes with what API Gateway answers itself: a failure the browser hides
// (no CORS headers on a refused token), Cognito out of reach while renewing, and a throttling 429
// without Retry-After; and with a short 503, which it waits out once. The network is a scripted
// `fetch`: what is under test is the client's logic.
import { afterEach, describe, expect, it, vi } from "vitest";
import { RenewalUnavailable } from "@/auth/renewal";
import { ApiError, apiClient, MAX_RETRY_WAIT_S } from "./api-client";

type Answer = Response | "hidden";

function scriptedFetch(answers: Answer[]) {
  const sent: string[] = [];
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    sent.push(String((init.headers as Record<string, string>).authorization));
    const answer = answers.shift();
    // What fetch does when CORS hides the answer, or the network is down.
    if (!answer || answer === "hidden") throw new TypeError("Failed to fetch");
    return answer;
  });
  return sent;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

function session(renewal: () => Promise<string | null>) {
  const ended = vi.fn();
  const token = vi.fn(async (options?: { forceRefresh?: boolean }) =>
    options?.forceRefresh ? renewal() : "old-token",
  );
  return { hooks: { signedIn: true, token, onSessionEnded: ended }, ended, token };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const unavailable = (retryAfter: number) =>
  json(
    503,
    { error: { code: "unavailable", message: "Try again in a moment." } },
    { "retry-after": String(retryAfter) },
  );

describe("the API client", () => {
  it("renews the token and tries once more when the browser hides the answer", async () => {
    const sent = scriptedFetch(["hidden", json(200, { items: [], nextCursor: null })]);
    const { hooks, ended } = session(async () => "new-token");
    expect(await apiClient(hooks).listPage("feed")).toEqual({ items: [], nextCursor: null });
    expect(sent).toEqual(["Bearer old-token", "Bearer new-token"]);
    expect(ended).not.toHaveBeenCalled();
  });

  it("calls it a network failure, and keeps the session, when the answer stays hidden", async () => {
    scriptedFetch(["hidden", "hidden"]);
    const { hooks, ended } = session(async () => "new-token");
    await expect(apiClient(hooks).listPage("feed")).rejects.toMatchObject({ code: "network" });
    expect(ended).not.toHaveBeenCalled();
  });

  it("calls it a network failure when Cognito cannot be reached to renew", async () => {
    scriptedFetch(["hidden"]);
    const { hooks, ended } = session(async () => {
      throw new Error("Cognito unreachable");
    });
    await expect(apiClient(hooks).setUpvote("x", true)).rejects.toMatchObject({ code: "network" });
    expect(ended).not.toHaveBeenCalled();
  });

  it("says sign-in is busy, and keeps the session, when Cognito throttles the renewal", async () => {
    scriptedFetch(["hidden"]);
    const { hooks, ended } = session(async () => {
      throw new RenewalUnavailable("busy");
    });
    const failure = apiClient(hooks).setUpvote("x", true);
    await expect(failure).rejects.toMatchObject({ code: "sign-in-busy" });
    await expect(failure).rejects.toThrow(/sign-in is busy/i);
    expect(ended).not.toHaveBeenCalled();
    // Out of reach, it is the network.
    scriptedFetch(["hidden"]);
    const offline = session(async () => {
      throw new RenewalUnavailable("unreachable");
    });
    await expect(apiClient(offline.hooks).setUpvote("x", true)).rejects.toMatchObject({
      code: "network",
    });
  });

  it("ends the session only when Cognito refuses to renew it", async () => {
    scriptedFetch(["hidden"]);
    const { hooks } = session(async () => null);
    await expect(apiClient(hooks).listPage("mine")).rejects.toMatchObject({
      status: 401,
      code: "unauthorized",
    });
  });

  it("reads API Gateway's own 429 (no Retry-After, not the API's shape) as busy", async () => {
    scriptedFetch([json(429, { message: "Too Many Requests" })]);
    const { hooks } = session(async () => "new-token");
    const failure = await apiClient(hooks)
      .listPage("feed")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 429, code: "rate_limited", retryAfter: undefined });
  });

  it("keeps the API's own 429 with its Retry-After", async () => {
    scriptedFetch([
      json(429, { error: { code: "rate_limited", message: "Slow down." } }, { "retry-after": "7" }),
    ]);
    const { hooks } = session(async () => "new-token");
    await expect(apiClient(hooks).createDwipp({ content: "hi" })).rejects.toMatchObject({
      code: "rate_limited",
      message: "Slow down.",
      retryAfter: 7,
    });
  });

  it("reads a public list as nobody, with no token and no session asked for", async () => {
    const sent = scriptedFetch([json(200, { items: [], nextCursor: null })]);
    const { hooks, token, ended } = session(async () => "new-token");
    const nobody = apiClient({ ...hooks, signedIn: false });
    expect(await nobody.listPage("feed")).toEqual({ items: [], nextCursor: null });
    expect(sent).toEqual(["undefined"]);
    expect(token).not.toHaveBeenCalled();
    expect(ended).not.toHaveBeenCalled();
  });

  it("reads Top and a person's Dwipps from their own paths, cursor after the window", async () => {
    const urls: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      urls.push(url);
      return json(200, { items: [], nextCursor: null });
    });
    const { hooks } = session(async () => "token");
    const client = apiClient({ ...hooks, signedIn: false });
    await client.listPage("top:week", "next page");
    await client.listPage("user:0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11");
    expect(urls).toEqual([
      expect.stringMatching(/\/dwipps\/top\?window=week&cursor=next%20page$/),
      expect.stringMatching(/\/users\/0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11\/dwipps$/),
    ]);
  });

  it("still asks for the session on a signed-in list, even for nobody", async () => {
    scriptedFetch([json(200, { items: [], nextCursor: null })]);
    const { hooks, token } = session(async () => null);
    token.mockResolvedValue(null);
    const nobody = apiClient({ ...hooks, signedIn: false });
    await expect(nobody.listPage("mine")).rejects.toMatchObject({ status: 401 });
  });

  it("waits out a 503's short Retry-After and tries once more, with the same token", async () => {
    vi.useFakeTimers();
    const sent = scriptedFetch([unavailable(1), json(200, { upvoted: true, upvotes: 1 })]);
    const { hooks } = session(async () => "new-token");
    const answer = apiClient(hooks).setUpvote("x", true);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toEqual({ upvoted: true, upvotes: 1 });
    expect(sent).toEqual(["Bearer old-token", "Bearer old-token"]);
  });

  it("waits out a 503 on a public read by nobody too", async () => {
    vi.useFakeTimers();
    const sent = scriptedFetch([unavailable(2), json(200, { items: [], nextCursor: null })]);
    const { hooks } = session(async () => "new-token");
    const answer = apiClient({ ...hooks, signedIn: false }).listPage("feed");
    await vi.advanceTimersByTimeAsync(2000);
    expect(await answer).toEqual({ items: [], nextCursor: null });
    expect(sent).toEqual(["undefined", "undefined"]);
  });

  it("tries only once more, and does not wait out a long Retry-After", async () => {
    vi.useFakeTimers();
    const twice = scriptedFetch([unavailable(1), unavailable(1)]);
    const { hooks } = session(async () => "new-token");
    const answer = apiClient(hooks)
      .createDwipp({ content: "hi" })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await answer).toMatchObject({ status: 503, code: "unavailable", retryAfter: 1 });
    expect(twice).toHaveLength(2);

    const long = scriptedFetch([unavailable(MAX_RETRY_WAIT_S + 1)]);
    await expect(apiClient(hooks).createDwipp({ content: "hi" })).rejects.toMatchObject({
      code: "unavailable",
      retryAfter: MAX_RETRY_WAIT_S + 1,
    });
    expect(long).toHaveLength(1);
  });
});
