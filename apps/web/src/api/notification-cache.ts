"use client";
// The signed-in person's notifications: the unread count the navigation shows, kept current while
// a tab is visible, and the pages of the notifications page, which marks them read once seen.
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useLoadedAndIdle } from "@/after-load";
import { useAuth } from "@/auth/auth-context";
import { useApi } from "./use-api";

const countKey = ["notifications", "unread"] as const;
const pagesKey = ["notifications", "pages"] as const;

/** How often a visible tab asks for the unread count (ADR 0017 prices it with the feed's). */
export const UNREAD_POLL_MS = 10_000;

export function useUnreadCount(): number {
  const api = useApi();
  const { state } = useAuth();
  // First asked once the page has loaded and the browser is idle: the bar's count is not what a
  // reader opened the page for, and asked at once it went out before the feed's first paint.
  const afterLoad = useLoadedAndIdle();
  const query = useQuery({
    queryKey: countKey,
    queryFn: async () => (await api.listNotifications({ limit: 1 })).unread,
    enabled: state.status === "signed-in" && afterLoad,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  });
  return query.data ?? 0;
}

export function useNotifications() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: pagesKey,
    queryFn: ({ pageParam }) => api.listNotifications({ cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // What arrives while the page is open shows up too.
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  });
}

/**
 * The count once everything is marked read: 0 at once. A count asked for before the marking may
 * answer after it, with what was unread then; it is dropped, or the bar would show it again until
 * the next poll.
 */
export async function countMarkedRead(client: QueryClient): Promise<void> {
  await client.cancelQueries({ queryKey: countKey });
  client.setQueryData(countKey, 0);
}

/** Marks everything so far read; the count follows at once. */
export function useMarkRead() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.markNotificationsRead(),
    onSuccess: () => countMarkedRead(client),
  });
}
