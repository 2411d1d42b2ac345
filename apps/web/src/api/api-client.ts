// The web app's client for the Dwipper API (API.md). It attaches the caller's ID token and turns
// every failure into an ApiError whose `code` the pages branch on.
import type {
  CreateRequest,
  Dwipp,
  EditRequest,
  FavoriteState,
  Page,
  UpvoteState,
} from "@dwipper/core/dwipp/schema";
import { publicConfig } from "@/config/public-config";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's ID token; with forceRefresh, a renewed one. Null when the session is over. */
export type TokenSource = (options?: { forceRefresh?: boolean }) => Promise<string | null>;

const sessionEnded = () =>
  new ApiError(401, "unauthorized", "Your session has ended. Sign in again.");

async function send(idToken: string, method: string, path: string, body: unknown) {
  try {
    return await fetch(`${publicConfig.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${idToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "We could not reach Dwipper. Check your connection.");
  }
}

export interface SessionHooks {
  token: TokenSource;
  /** The API refused even a renewed token: the session is over. */
  onSessionEnded: () => void;
}

async function request<T>(
  session: SessionHooks,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const idToken = await session.token();
  if (!idToken) throw sessionEnded();
  let response = await send(idToken, method, path, body);
  if (response.status === 401) {
    // The gateway refused the token: renew it once and try again.
    const renewed = await session.token({ forceRefresh: true });
    if (!renewed) throw sessionEnded();
    response = await send(renewed, method, path, body);
    if (response.status === 401) session.onSessionEnded();
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  if (!response.ok) {
    if (response.status === 401) throw sessionEnded();
    throw new ApiError(
      response.status,
      payload?.error?.code ?? "internal",
      payload?.error?.message ?? "Something went wrong. Please try again.",
    );
  }
  return payload as T;
}

/** The lists a person can page through, by the path that serves them. */
export const listPaths = {
  feed: "/dwipps",
  mine: "/me/dwipps",
  favorites: "/me/favorites",
} as const;
export type ListName = keyof typeof listPaths;

export function apiClient(token: SessionHooks) {
  const item = (id: string) => `/dwipps/${encodeURIComponent(id)}`;
  return {
    listPage: (list: ListName, cursor?: string) =>
      request<Page<Dwipp>>(
        token,
        "GET",
        `${listPaths[list]}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
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
