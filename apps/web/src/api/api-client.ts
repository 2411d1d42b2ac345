// The web app's client for the Dwipper API. It attaches the caller's ID token and turns every
// failure into an ApiError whose `code` the pages branch on. API Gateway answers some requests
// itself (a refused token, throttling) without CORS headers, so a page cannot read them: a failure
// the browser hides is treated like a refused token once (renew, try again; every call is safe to
// repeat), a short 503 is waited out once, and an answer not in the API's error shape is told apart
// by its status.
import type {
  CreateRequest,
  Dwipp,
  EditRequest,
  FavoriteState,
  History,
  Page,
  TopWindow,
  UpvoteState,
} from "@dwipper/core/dwipp/schema";
import type { NotificationPage } from "@dwipper/core/notification/schema";
import type { Profile } from "@dwipper/core/profile/schema";
import { RenewalUnavailable } from "@/auth/renewal";
import { publicConfig } from "@/config/public-config";
import { noteServerDate } from "./server-clock";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again, when the answer said (API Gateway's 429 does not). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** The caller's ID token; with forceRefresh, a renewed one. Null when the session is over. */
export type TokenSource = (options?: { forceRefresh?: boolean }) => Promise<string | null>;

const sessionEnded = () =>
  new ApiError(401, "unauthorized", "Your session has ended. Sign in again.");
const unreachable = () =>
  new ApiError(0, "network", "We could not reach Dwipper. Check your connection.");
/** A token could not be renewed: Cognito out of reach is the network; throttling or failing, not. */
const notRenewed = (error: unknown) =>
  error instanceof RenewalUnavailable && error.reason === "busy"
    ? new ApiError(
        0,
        "sign-in-busy",
        "Sign-in is busy right now, so we could not renew your session. Wait a moment and try again.",
      )
    : unreachable();

/** The answer, or "unreadable" when the browser gives none (no network, or no CORS headers). */
async function send(
  idToken: string | null,
  method: string,
  path: string,
  body: unknown,
): Promise<Response | "unreadable"> {
  try {
    return await fetch(`${publicConfig.apiUrl}${path}`, {
      method,
      headers: {
        ...(idToken === null ? {} : { authorization: `Bearer ${idToken}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return "unreadable";
  }
}

/**
 * GET requests asked for ahead of the page that makes them (opening-reads.ts), by token and path:
 * the page's own request takes the answer instead of asking again, once, while it is fresh. The
 * store is the window's, not this module's: the exported pages' early script (early-reads.ts) is a
 * bundle of its own with its own copy of this module, and the app must take what it asked.
 */
interface AskedAhead {
  /** Whether this page load's opening reads have been asked, by whichever script came first. */
  opened: boolean;
  answers: Map<string, { at: number; answer: Promise<Response | "unreadable"> }>;
}
const askedAheadKey: unique symbol = Symbol.for("dwipper.askedAhead");
function askedAhead(): AskedAhead {
  const window = globalThis as { [askedAheadKey]?: AskedAhead };
  window[askedAheadKey] ??= { opened: false, answers: new Map() };
  return window[askedAheadKey];
}
/** An answer older than this is not taken: the page asks afresh. */
export const AHEAD_FRESH_MS = 10_000;
const aheadKey = (idToken: string | null, path: string) => `${idToken ?? ""} ${path}`;

/** True the first time in a page load: the opening reads are the first caller's to ask. */
export function claimOpeningReads(): boolean {
  const store = askedAhead();
  if (store.opened) return false;
  store.opened = true;
  return true;
}

/** Sends a GET now, for the page that will ask for it with the same token soon. */
export function askAhead(idToken: string | null, path: string): void {
  askedAhead().answers.set(aheadKey(idToken, path), {
    at: Date.now(),
    answer: send(idToken, "GET", path, undefined),
  });
}

/** Drops what was asked ahead and not taken (the page it was for is left). */
export function forgetAhead(): void {
  askedAhead().answers.clear();
}

/** An answer asked for ahead with this token, if there is a fresh one; else a request now. */
function sendOrTake(idToken: string | null, method: string, path: string, body: unknown) {
  const { answers } = askedAhead();
  const key = aheadKey(idToken, path);
  const asked = method === "GET" ? answers.get(key) : undefined;
  if (asked) {
    answers.delete(key);
    if (Date.now() - asked.at < AHEAD_FRESH_MS) return asked.answer;
  }
  return send(idToken, method, path, body);
}

/** What a failed answer means when its body is not the API's error shape (API Gateway's own). */
const byStatus: Record<number, [code: string, message: string]> = {
  404: ["not_found", "That is not there any more."],
  429: ["rate_limited", "Dwipper is busy. Try again in a moment."],
  503: ["unavailable", "Dwipper is busy. Try again in a moment."],
};

export interface SessionHooks {
  /** Whether someone is signed in: a public read by nobody asks for no token. */
  signedIn: boolean;
  token: TokenSource;
  /** The API refused even a renewed token: the session is over. */
  onSessionEnded: () => void;
}

/** Who may call a route: everyone may read the public ones, without a token (ADR 0013). */
type Access = "signed-in" | "public";

/** The longest `Retry-After` of a 503 that the client waits out by itself before one more try. */
export const MAX_RETRY_WAIT_S = 5;

/**
 * A 503 `unavailable` (DynamoDB down or throttling for a moment) says when to try again. Every call
 * is safe to repeat, so when the wait is short the client waits and tries once more, rather than
 * hand the person an error for a blip; a 429 is a budget or a throttle, and is not waited out.
 */
async function againIfUnavailable(
  response: Response | "unreadable",
  resend: () => Promise<Response | "unreadable">,
): Promise<Response | "unreadable"> {
  if (response === "unreadable" || response.status !== 503) return response;
  const wait = Number(response.headers.get("retry-after"));
  if (!(wait > 0 && wait <= MAX_RETRY_WAIT_S)) return response;
  await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  return resend();
}

async function request<T>(
  session: SessionHooks,
  method: string,
  path: string,
  body?: unknown,
  access: Access = "signed-in",
): Promise<T> {
  if (access === "public" && !session.signedIn) {
    const response = await againIfUnavailable(await sendOrTake(null, method, path, body), () =>
      send(null, method, path, body),
    );
    if (response === "unreadable") throw unreachable();
    return answerOf<T>(response);
  }
  const idToken = await session.token().catch((error: unknown) => {
    // Renewing an expired token needs Cognito; unable to answer, it ends nothing.
    throw notRenewed(error);
  });
  if (!idToken) throw sessionEnded();
  let token = idToken;
  let response = await sendOrTake(token, method, path, body);
  if (response === "unreadable" || response.status === 401) {
    // The gateway refused the token, or answered in a way the page may not read: renew the token
    // once and try again. Cognito unable to answer ends nothing.
    const renewed = await session.token({ forceRefresh: true }).catch((error: unknown) => {
      throw notRenewed(error);
    });
    if (!renewed) throw sessionEnded();
    token = renewed;
    response = await send(token, method, path, body);
    if (response === "unreadable") throw unreachable();
    if (response.status === 401) session.onSessionEnded();
  }
  response = await againIfUnavailable(response, () => send(token, method, path, body));
  if (response === "unreadable") throw unreachable();
  return answerOf<T>(response);
}

/** What an answer says: its body, or the ApiError it stands for. */
async function answerOf<T>(response: Response): Promise<T> {
  noteServerDate(response.headers.get("date"));
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  if (!response.ok) {
    if (response.status === 401) throw sessionEnded();
    const [code, message] = byStatus[response.status] ?? [
      "internal",
      "Something went wrong. Please try again.",
    ];
    throw new ApiError(
      response.status,
      payload?.error?.code ?? code,
      payload?.error?.message ?? message,
      Number(response.headers.get("retry-after")) || undefined,
    );
  }
  return payload as T;
}

/**
 * The lists a person can page through: the feed, Top of a window, one person's Dwipps, and the
 * caller's own and favorites.
 */
export type ListName = "feed" | "mine" | "favorites" | `top:${TopWindow}` | `user:${string}`;

/** Where the API serves a person's profile. */
export const profileSource = (id: string) => `/users/${encodeURIComponent(id)}`;

/** The path that serves a list, and who may read it. */
export function listSource(list: ListName): { path: string; access: Access } {
  if (list === "mine") return { path: "/me/dwipps", access: "signed-in" };
  if (list === "favorites") return { path: "/me/favorites", access: "signed-in" };
  if (list.startsWith("top:")) {
    return { path: `/dwipps/top?window=${list.slice(4)}`, access: "public" };
  }
  if (list.startsWith("user:")) {
    return { path: `${profileSource(list.slice(5))}/dwipps`, access: "public" };
  }
  return { path: "/dwipps", access: "public" };
}

/** The most new Dwipps the feed offers at once; past it, it offers this many and the rest after. */
export const NEW_DWIPPS_LIMIT = 50;

export function apiClient(token: SessionHooks) {
  const item = (id: string) => `/dwipps/${encodeURIComponent(id)}`;
  return {
    listPage: (list: ListName, cursor?: string) => {
      const { path, access } = listSource(list);
      const next = cursor
        ? `${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`
        : "";
      return request<Page<Dwipp>>(token, "GET", `${path}${next}`, undefined, access);
    },
    /** The feed's Dwipps posted after `since` (the newest this tab shows), newest first. */
    feedSince: (since: string) =>
      request<Page<Dwipp>>(
        token,
        "GET",
        `/dwipps?since=${encodeURIComponent(since)}&limit=${NEW_DWIPPS_LIMIT}`,
        undefined,
        "public",
      ),
    getHistory: (id: string) =>
      request<History>(token, "GET", `${item(id)}/history`, undefined, "public"),
    listNotifications: (options: { cursor?: string; limit?: number } = {}) => {
      const query = new URLSearchParams();
      if (options.limit) query.set("limit", String(options.limit));
      if (options.cursor) query.set("cursor", options.cursor);
      const search = query.size > 0 ? `?${query}` : "";
      return request<NotificationPage>(token, "GET", `/me/notifications${search}`);
    },
    markNotificationsRead: () => request<{ unread: 0 }>(token, "PUT", "/me/notifications/read"),
    getProfile: (id: string) =>
      request<Profile>(token, "GET", profileSource(id), undefined, "public"),
    getDwipp: (id: string) => request<Dwipp>(token, "GET", item(id), undefined, "public"),
    createDwipp: (input: CreateRequest) => request<Dwipp>(token, "POST", "/dwipps", input),
    editDwipp: (id: string, input: EditRequest) => request<Dwipp>(token, "PATCH", item(id), input),
    deleteDwipp: (id: string) => request<void>(token, "DELETE", item(id)),
    setUpvote: (id: string, on: boolean) =>
      request<UpvoteState>(token, on ? "PUT" : "DELETE", `${item(id)}/upvote`),
    setFavorite: (id: string, on: boolean) =>
      request<FavoriteState>(token, on ? "PUT" : "DELETE", `${item(id)}/favorite`),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
