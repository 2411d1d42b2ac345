"use client";
// What others did with my Dwipps, newest first, in words, each linking to the Dwipp. Opening the
// page marks them read (those that were unread keep a "new" mark while it is open).
import { useEffect, useRef } from "react";
import { useMarkRead, useNotifications } from "@/api/notification-cache";
import { RequireAuth } from "@/auth/auth-context";
import { ItemLink } from "@/components/item-link";
import { dwippPath } from "@/components/paths";
import { RelativeTime } from "@/components/relative-time";

const verbs = { upvote: "upvoted", favorite: "favorited" } as const;

function NotificationList() {
  const query = useNotifications();
  const markRead = useMarkRead();
  const marked = useRef(false);
  const loaded = query.isSuccess;
  const { mutate } = markRead;
  useEffect(() => {
    if (loaded && !marked.current) {
      marked.current = true;
      mutate();
    }
  }, [loaded, mutate]);

  if (query.isPending) return <p role="status">Loading notifications…</p>;
  if (query.isError) {
    return (
      <p role="alert">
        We could not load your notifications: {query.error.message}{" "}
        <button type="button" className="underline" onClick={() => query.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <p role="status" className="text-center text-zinc-600 dark:text-zinc-400">
        Nothing yet. When someone upvotes or favorites your Dwipps, you will read it here.
      </p>
    );
  }
  return (
    <>
      <ul aria-label="Notifications" className="flex flex-col gap-2">
        {items.map((item) => (
          <li
            key={item.id}
            className="rounded-2xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <p className="text-sm wrap-anywhere">
              {/* Kept apart from the sentence: a name written right to left reorders neither. */}
              <bdi className="font-semibold">{item.actor.name}</bdi> {verbs[item.kind]} your Dwipp{" "}
              <RelativeTime iso={item.at} />
              {!item.read && (
                <span className="ml-2 rounded-full bg-sky-100 px-2 text-xs font-semibold text-sky-800 dark:bg-sky-900 dark:text-sky-100">
                  new
                </span>
              )}
            </p>
            <ItemLink
              href={dwippPath(item.dwipp.id)}
              className="mt-1 block whitespace-pre-wrap break-words text-zinc-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700 dark:text-zinc-300"
            >
              {item.dwipp.content}
            </ItemLink>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className="mx-auto mt-3 block rounded-full border border-zinc-300 px-4 py-2 text-sm dark:border-zinc-700"
        >
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}

export default function NotificationsPage() {
  return (
    <RequireAuth>
      <h1 className="mb-4 text-xl font-bold">Notifications</h1>
      <NotificationList />
    </RequireAuth>
  );
}
