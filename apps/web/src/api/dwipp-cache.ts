"use client";
// The cached lists of Dwipps (feed, mine, favorites), the Dwipps read one by one (a Dwipp's own
// page), and the changes people make to them.
// Every change is shown at once, rolled back if the server refuses it, and replaced by what the
// server answered when it accepts it, so no count disagrees with the server after a response. A
// change that failed but may have been made all the same (a 5xx, or no answer) is rolled back and
// its Dwipps are read again, so the page shows what the server has rather than a guess.
// The server's lists come from indexes that trail its writes by a moment (as DynamoDB's do), so a
// Dwipp this tab just posted or favorited is kept in the lists it belongs to until the server's own
// pages show it: reloading a list never loses it.
import { normalizeContent } from "@dwipper/core/dwipp/content";
import type { Dwipp, FavoriteState, Page, UpvoteState } from "@dwipper/core/dwipp/schema";
import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useAuth } from "@/auth/auth-context";
import { useToast } from "@/components/toasts";
import { type ApiClient, ApiError, type ListName } from "./api-client";
import { serverNow } from "./server-clock";
import { useApi } from "./use-api";

export const listKey = (list: ListName) => ["dwipps", list] as const;
const allLists = ["dwipps"] as const;
const oneKey = (id: string) => ["dwipp", id] as const;
const allOnes = ["dwipp"] as const;
const historyKey = (id: string) => ["history", id] as const;

type Lists = InfiniteData<Page<Dwipp>, string | undefined>;
type Snapshot = [readonly unknown[], unknown][];

/**
 * One thing read by its id, once it is known who reads: a signed-in reader's flags are theirs, and
 * the page's opening reads were asked with their token, which an ask as nobody would not take.
 * Not asked again after the API refused it (a 4xx).
 */
function useReadOf<T>(
  queryKey: readonly unknown[],
  id: string,
  read: (api: ReturnType<typeof useApi>) => Promise<T>,
) {
  const api = useApi();
  const { state } = useAuth();
  return useQuery({
    queryKey,
    queryFn: () => read(api),
    enabled: id !== "" && state.status !== "loading",
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
  });
}

/** One Dwipp, read on its own (null once it is known to be gone). */
export const useDwipp = (id: string) => useReadOf(oneKey(id), id, (api) => api.getDwipp(id));

/** A person's profile (null once it is known not to exist). */
export const useProfile = (id: string) =>
  useReadOf(["profile", id] as const, id, (api) => api.getProfile(id));

/** A Dwipp's earlier texts, read when someone opens them. */
export function useHistory(id: string, open: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: historyKey(id),
    queryFn: () => api.getHistory(id),
    enabled: open,
  });
}

/** How often an open feed asks whether others posted: the ADR on live updates prices it. */
export const NEW_DWIPPS_POLL_MS = 8_000;

const EPOCH = new Date(0).toISOString();

/**
 * Where the feed's poll starts: after the newest Dwipp the feed shows, a time on the server's
 * clock. A feed that shows none asks for any: every Dwipp it is offered is one it has not shown,
 * and this browser's clock, which may run an hour ahead of the server's, would hide them until
 * the server's clock caught up.
 */
export function pollSince(shown: readonly Dwipp[]): string {
  return shown.reduce((at, dwipp) => (dwipp.createdAt > at ? dwipp.createdAt : at), EPOCH);
}

/**
 * The feed's Dwipps posted after the newest it shows that it does not show yet, asked for every
 * few seconds while the tab is visible (react-query stops asking in a hidden tab). The first ask
 * comes one interval after the feed was read: asking at once would only ever answer "nothing", and
 * would put a request on the page's first load.
 */
export function useNewInFeed(since: string | undefined, shown: ReadonlySet<string>) {
  const api = useApi();
  const query = useQuery({
    queryKey: ["dwipps-since", since] as const,
    queryFn: () => api.feedSince(since as string),
    enabled: since !== undefined,
    initialData: { items: [], nextCursor: null },
    initialDataUpdatedAt: () => Date.now(),
    staleTime: NEW_DWIPPS_POLL_MS,
    refetchInterval: NEW_DWIPPS_POLL_MS,
    refetchIntervalInBackground: false,
  });
  return (query.data?.items ?? []).filter((dwipp) => !shown.has(dwipp.id));
}

/** Puts Dwipps on top of the feed's first page, each once. */
export function prependToFeed(client: QueryClient, fresh: Dwipp[]) {
  client.setQueryData<Lists>(listKey("feed"), (data) => {
    const [first, ...rest] = data?.pages ?? [];
    if (!data || !first) return data;
    const ids = new Set(fresh.map((dwipp) => dwipp.id));
    const items = [...fresh, ...first.items.filter((dwipp) => !ids.has(dwipp.id))];
    return { ...data, pages: [{ ...first, items }, ...rest] };
  });
}

/** How long a just-made change waits for the server's lists; they lag by well under a second. */
const RECENT_MS = 30_000;
type Recent = Map<ListName, Map<string, { dwipp: Dwipp; at: number }>>;
const recentByClient = new WeakMap<QueryClient, Recent>();

function recentOf(client: QueryClient): Recent {
  let recent = recentByClient.get(client);
  if (!recent) {
    recent = new Map();
    recentByClient.set(client, recent);
  }
  return recent;
}

function remember(client: QueryClient, list: ListName, dwipp: Dwipp) {
  const recent = recentOf(client);
  const entries = recent.get(list) ?? new Map();
  entries.set(dwipp.id, { dwipp, at: Date.now() });
  recent.set(list, entries);
}

function forget(client: QueryClient, id: string, lists: readonly ListName[]) {
  for (const list of lists) recentOf(client).get(list)?.delete(id);
}

/**
 * The first page of a list as the server sent it, with what this tab just added to the list and
 * the server does not show yet: newest first (the feed, mine) or on top (favorites, just made).
 */
export function withRecent(client: QueryClient, list: ListName, page: Page<Dwipp>): Page<Dwipp> {
  const entries = recentOf(client).get(list);
  if (!entries) return page;
  const shown = new Set(page.items.map((item) => item.id));
  for (const [id, entry] of entries) {
    if (shown.has(id) || Date.now() - entry.at > RECENT_MS) entries.delete(id);
  }
  const missing = [...entries.values()].map((entry) => entry.dwipp);
  if (missing.length === 0) return page;
  const order = (dwipp: Dwipp) => `${dwipp.createdAt}#${dwipp.id}`;
  const items =
    list === "favorites"
      ? [...missing, ...page.items]
      : [...missing, ...page.items].sort((a, b) => (order(a) < order(b) ? 1 : -1));
  return { ...page, items };
}

/** How a list is read, a page at a time: the first page with what this tab just wrote into it. */
export function listQuery(api: ApiClient, client: QueryClient, list: ListName) {
  return infiniteQueryOptions({
    queryKey: listKey(list),
    queryFn: async ({ pageParam }: { pageParam: string | undefined }) => {
      const page = await api.listPage(list, pageParam);
      return pageParam ? page : withRecent(client, list, page);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<Dwipp>) => last.nextCursor ?? undefined,
  });
}

function updateEverywhere(
  client: QueryClient,
  id: string,
  change: (dwipp: Dwipp) => Dwipp | null,
): void {
  for (const entries of recentOf(client).values()) {
    const entry = entries.get(id);
    if (!entry) continue;
    const changed = change(entry.dwipp);
    if (changed) entry.dwipp = changed;
    else entries.delete(id);
  }
  client.setQueriesData<Dwipp | null>({ queryKey: allOnes }, (dwipp) =>
    dwipp && dwipp.id === id ? change(dwipp) : dwipp,
  );
  client.setQueriesData<Lists>({ queryKey: allLists }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.flatMap((dwipp) => {
              if (dwipp.id !== id) return [dwipp];
              const changed = change(dwipp);
              return changed ? [changed] : [];
            }),
          })),
        }
      : data,
  );
}

async function snapshot(client: QueryClient): Promise<Snapshot> {
  await Promise.all([
    client.cancelQueries({ queryKey: allLists }),
    client.cancelQueries({ queryKey: allOnes }),
  ]);
  return [
    ...client.getQueriesData<Lists>({ queryKey: allLists }),
    ...client.getQueriesData<Dwipp | null>({ queryKey: allOnes }),
  ];
}

function restore(client: QueryClient, saved: Snapshot | undefined) {
  for (const [key, data] of saved ?? []) client.setQueryData(key, data);
}

export function describeFailure(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/**
 * Whether a change that failed may have been made all the same. A 4xx refused it, and a request
 * never sent (a session that could not be renewed) made nothing. But a 500 or 503 can come after
 * the write landed (the read of a new count gave up, or the function ran out of time), and a
 * request that got no answer may have arrived.
 */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.code === "network" || error.status >= 500;
}

/** What the person is told of a failed change: what went wrong, and what became of the change. */
export function failedChangeNotice(
  error: unknown,
  words: { notMade: string; undone: string; mayHave: string },
): string {
  const said = describeFailure(error, words.notMade);
  return mayHaveLanded(error)
    ? `${said} ${words.mayHave} The page shows what Dwipper has.`
    : `${said} ${words.undone}`;
}

/**
 * After a failed change: shows the Dwipps as they were, and when the change may have landed all
 * the same, reads them again so that the page shows what the server has, not a guess either way.
 */
function afterFailedChange(client: QueryClient, saved: Snapshot | undefined, error: unknown) {
  restore(client, saved);
  if (!mayHaveLanded(error)) return;
  // Not awaited here or below: a list refetches in the background, and an invalidation never
  // rejects (a failed refetch is the list's own error, which it shows).
  void client.invalidateQueries({ queryKey: allLists });
  void client.invalidateQueries({ queryKey: allOnes });
}

/** Upvote or favorite, on or off: the button shows the new state at once. */
export function useToggle(kind: "upvote" | "favorite") {
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  return useMutation<UpvoteState | FavoriteState, Error, { dwipp: Dwipp; on: boolean }, Snapshot>({
    mutationFn: ({ dwipp, on }) =>
      kind === "upvote" ? api.setUpvote(dwipp.id, on) : api.setFavorite(dwipp.id, on),
    onMutate: async ({ dwipp, on }) => {
      const saved = await snapshot(client);
      updateEverywhere(client, dwipp.id, (current) =>
        kind === "upvote"
          ? {
              ...current,
              upvotedByMe: on,
              upvotes: current.upvotes + (on === current.upvotedByMe ? 0 : on ? 1 : -1),
            }
          : {
              ...current,
              favoritedByMe: on,
              favorites: current.favorites + (on === current.favoritedByMe ? 0 : on ? 1 : -1),
            },
      );
      return saved;
    },
    onError: (error, _variables, saved) => {
      afterFailedChange(client, saved, error);
      toast(
        "error",
        failedChangeNotice(error, {
          notMade: `Your ${kind} was not saved.`,
          undone: "It was undone.",
          mayHave: `Your ${kind} may have been saved all the same.`,
        }),
      );
    },
    onSuccess: (state, { dwipp, on }) => {
      updateEverywhere(client, dwipp.id, (current) => ({ ...current, ...state }));
      if (kind === "favorite") {
        if (on) remember(client, "favorites", { ...dwipp, ...state });
        else forget(client, dwipp.id, ["favorites"]);
        void client.invalidateQueries({ queryKey: listKey("favorites") });
        toast("success", on ? "Added to your favorites." : "Removed from your favorites.");
      }
    },
  });
}

export function useEdit() {
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ id, content }: { id: string; content: string }) =>
      api.editDwipp(id, { content }),
    onMutate: async ({ id, content }) => {
      const saved = await snapshot(client);
      updateEverywhere(client, id, (current) => ({ ...current, content }));
      return saved;
    },
    onError: (error, _variables, saved) => {
      afterFailedChange(client, saved, error);
      toast(
        "error",
        failedChangeNotice(error, {
          notMade: "Your edit was not saved.",
          undone: "It was undone.",
          mayHave: "Your edit may have been saved all the same.",
        }),
      );
    },
    onSuccess: (dwipp) => {
      updateEverywhere(client, dwipp.id, () => dwipp);
      void client.invalidateQueries({ queryKey: historyKey(dwipp.id) });
      toast("success", "Your edit is saved.");
    },
  });
}

export function useDelete() {
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (id: string) => api.deleteDwipp(id),
    onMutate: async (id) => {
      const saved = await snapshot(client);
      updateEverywhere(client, id, () => null);
      return saved;
    },
    onError: (error, _id, saved) => {
      // Already gone is what the person wanted.
      if (error instanceof ApiError && error.status === 404) return;
      afterFailedChange(client, saved, error);
      toast(
        "error",
        failedChangeNotice(error, {
          notMade: "The Dwipp was not deleted.",
          undone: "It is back.",
          mayHave: "It may have been deleted all the same.",
        }),
      );
    },
    onSuccess: () => toast("success", "Your Dwipp is deleted."),
    // The author's count follows.
    onSettled: () => client.invalidateQueries({ queryKey: ["profile"] }),
  });
}

/** The newest-first lists a new Dwipp belongs in: the feed, the author's own, their profile's. */
const newestListsOf = (dwipp: Dwipp): ListName[] => ["feed", "mine", `user:${dwipp.author.id}`];

/** Puts a Dwipp first in the newest-first lists it belongs in, replacing any copy of it there. */
function putOnTop(client: QueryClient, dwipp: Dwipp) {
  for (const list of newestListsOf(dwipp)) {
    client.setQueryData<Lists>(listKey(list), (data) => {
      const [first, ...rest] = data?.pages ?? [];
      if (!data || !first) return data;
      const without = (page: Page<Dwipp>) => page.items.filter((item) => item.id !== dwipp.id);
      return {
        ...data,
        pages: [
          { ...first, items: [dwipp, ...without(first)] },
          ...rest.map((page) => ({ ...page, items: without(page) })),
        ],
      };
    });
  }
}

/**
 * Posting: the Dwipp appears at the top of the feed and of My Dwipps at once, under the id the
 * client chose, and is replaced by the server's copy (or taken back) when the answer comes.
 */
export function useCreate() {
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const { state } = useAuth();
  return useMutation<Dwipp, Error, { id: string; content: string }, Snapshot>({
    mutationFn: (input) => api.createDwipp(input),
    onMutate: async ({ id, content }) => {
      const saved = await snapshot(client);
      const session = state.session;
      const optimistic: Dwipp = {
        id,
        content: normalizeContent(content),
        author: { id: session?.sub ?? "", name: session?.name ?? "" },
        // On the server's clock, as the Dwipp the server answers with will be.
        createdAt: new Date(serverNow()).toISOString(),
        editedAt: null,
        upvotes: 0,
        favorites: 0,
        upvotedByMe: false,
        favoritedByMe: false,
      };
      putOnTop(client, optimistic);
      return saved;
    },
    onError: (error, _input, saved) => {
      // The lists are read again when the post settles, whatever became of it.
      restore(client, saved);
      toast(
        "error",
        failedChangeNotice(error, {
          notMade: "Your Dwipp was not posted.",
          undone: "Try again.",
          mayHave: "It may have been posted all the same: sending it again will not post it twice.",
        }),
      );
    },
    onSuccess: (dwipp) => {
      // On top of the lists even if they were reloaded while the post was on its way, and kept
      // there until the server's lists show it.
      putOnTop(client, dwipp);
      for (const list of newestListsOf(dwipp)) remember(client, list, dwipp);
      toast("success", "Your Dwipp is posted.");
    },
    // Lists that were still loading, or have moved on, catch up with the server; so does the
    // author's count.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: allLists });
      void client.invalidateQueries({ queryKey: ["profile"] });
    },
  });
}
