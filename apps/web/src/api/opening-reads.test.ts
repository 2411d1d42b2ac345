// A page's first reads are asked for before React hydrates it, and the page's own requests take
// those answers instead of asking again: once, with the same token, while fresh, and not after a
// navigation. A session that must be renewed first asks nothing ahead.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signedInAs, storageWith } from "@/auth/kept-session.fixture";

const page = { items: [], nextCursor: null };
let asked: { url: string; authorization?: string }[] = [];

/** A new page load: fresh modules, and nothing asked ahead in the window. */
function newPageLoad() {
  vi.resetModules();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("dwipper.askedAhead")];
}

beforeEach(() => {
  newPageLoad();
  asked = [];
  vi.stubGlobal("fetch", async (url: string, init: { headers?: Record<string, string> } = {}) => {
    asked.push({ url, authorization: init.headers?.authorization });
    return new Response(JSON.stringify(page), {
      headers: { "content-type": "application/json" },
    });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** This page load's modules (a second call after vi.resetModules: another bundle's copies). */
async function modules() {
  const client = await import("./api-client");
  const opening = await import("./opening-reads");
  return { ...client, ...opening };
}

const as = (token: string | null) => ({
  signedIn: token !== null,
  token: async () => token,
  onSessionEnded: () => {},
});

describe("openingReads", () => {
  it("names the reads of the home page, Top's windows and a profile", async () => {
    const { openingReads } = await modules();
    const reads = (path: string) => {
      const url = new URL(path, "https://dwipper.test");
      return openingReads(url.pathname, url.searchParams);
    };
    expect(reads("/")).toEqual(["/dwipps"]);
    expect(reads("/?top=week")).toEqual(["/dwipps/top?window=week"]);
    expect(reads("/?top=ever")).toEqual(["/dwipps"]);
    expect(reads("/user/?id=a%20b")).toEqual(["/users/a%20b", "/users/a%20b/dwipps"]);
    // A link in capitals is read as the API names the person: in lower case.
    expect(reads("/user/?id=AB")).toEqual(["/users/ab", "/users/ab/dwipps"]);
    expect(reads("/user/")).toEqual([]);
    expect(reads("/favorites/")).toEqual([]);
  });
});

describe("askOpeningReads", () => {
  it("asks as the kept session, and the page's request takes that answer", async () => {
    const { idToken } = signedInAs(3600);
    const { askOpeningReads, apiClient } = await modules();
    askOpeningReads({ pathname: "/", search: "" });
    expect(asked).toEqual([{ url: "/dwipps", authorization: `Bearer ${idToken}` }]);
    expect(await apiClient(as(idToken)).listPage("feed")).toEqual(page);
    expect(asked).toHaveLength(1);
  });

  it("asks a visitor's without a token, for the visitor's own request", async () => {
    storageWith({});
    const { askOpeningReads, apiClient } = await modules();
    askOpeningReads({ pathname: "/user/", search: "?id=u1" });
    expect(asked.map((request) => [request.url, request.authorization])).toEqual([
      ["/users/u1", undefined],
      ["/users/u1/dwipps", undefined],
    ]);
    await apiClient(as(null)).getProfile("u1");
    await apiClient(as(null)).listPage("user:u1");
    expect(asked).toHaveLength(2);
  });

  it("asks nothing ahead for a session the library must renew first", async () => {
    signedInAs(-60);
    const { askOpeningReads } = await modules();
    askOpeningReads({ pathname: "/", search: "" });
    expect(asked).toEqual([]);
  });

  it("gives an answer once: the next request asks again", async () => {
    storageWith({});
    const { askOpeningReads, apiClient } = await modules();
    askOpeningReads({ pathname: "/", search: "" });
    await apiClient(as(null)).listPage("feed");
    await apiClient(as(null)).listPage("feed");
    expect(asked).toHaveLength(2);
  });

  it("does not give it to a request with another token", async () => {
    signedInAs(3600);
    const { askOpeningReads, apiClient } = await modules();
    askOpeningReads({ pathname: "/", search: "" });
    await apiClient(as("renewed-token")).listPage("feed");
    expect(asked.map((request) => request.authorization)).toEqual([
      expect.stringMatching(/^Bearer header\./),
      "Bearer renewed-token",
    ]);
  });

  it("does not give it after a navigation", async () => {
    storageWith({});
    const { askOpeningReads, apiClient, forgetAhead } = await modules();
    askOpeningReads({ pathname: "/", search: "" });
    forgetAhead();
    await apiClient(as(null)).listPage("feed");
    expect(asked).toHaveLength(2);
  });

  it("does not give it once it is old", async () => {
    storageWith({});
    const { askOpeningReads, apiClient, AHEAD_FRESH_MS } = await modules();
    vi.useFakeTimers({ toFake: ["Date"] });
    askOpeningReads({ pathname: "/", search: "" });
    vi.setSystemTime(Date.now() + AHEAD_FRESH_MS);
    await apiClient(as(null)).listPage("feed");
    expect(asked).toHaveLength(2);
  });

  it("asks once a page load: the early script's bundle asks, and the app takes its answer", async () => {
    storageWith({});
    const early = await modules();
    early.askOpeningReads({ pathname: "/", search: "" });
    vi.resetModules();
    const app = await modules();
    app.askOpeningReads({ pathname: "/", search: "" });
    expect(asked).toHaveLength(1);
    await app.apiClient(as(null)).listPage("feed");
    expect(asked).toHaveLength(1);
  });

  it("asks nothing once the app has asked, even if the early script comes late", async () => {
    storageWith({});
    const app = await modules();
    app.askOpeningReads({ pathname: "/", search: "" });
    await app.apiClient(as(null)).listPage("feed");
    vi.resetModules();
    const late = await modules();
    late.askOpeningReads({ pathname: "/", search: "" });
    expect(asked).toHaveLength(1);
  });
});
