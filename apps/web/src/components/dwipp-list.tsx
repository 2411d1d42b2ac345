"use client";
// A list of Dwipps (the feed, mine or my favorites), newest first; the next page loads as the end
// comes into view, with a "Load more" button for when it does not.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef } from "react";
import type { ListName } from "@/api/api-client";
import { listKey, withRecent } from "@/api/dwipp-cache";
import { useApi } from "@/api/use-api";
import { DwippArticle } from "./dwipp-article";

/** Grey shapes where Dwipps are about to be, the height of real ones, so nothing jumps. */
function DwippSkeletons({ count, label }: { count: number; label: string }) {
  return (
    <div role="status" className="flex flex-col gap-3">
      <span className="sr-only">{label}</span>
      {Array.from({ length: count }, (_, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own.
          key={i}
          aria-hidden="true"
          className="flex h-32 animate-pulse gap-3 rounded-2xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="size-10 rounded-full bg-zinc-200 dark:bg-zinc-800" />
          <div className="flex flex-1 flex-col gap-2">
            <div className="h-3 w-1/3 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-3 w-full rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-3 w-2/3 rounded bg-zinc-200 dark:bg-zinc-800" />
          </div>
        </div>
      ))}
    </div>
  );
}

export function DwippList({
  list,
  label,
  empty,
}: {
  list: ListName;
  label: string;
  empty: ReactNode;
}) {
  const api = useApi();
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: listKey(list),
    queryFn: async ({ pageParam }) => {
      const page = await api.listPage(list, pageParam);
      return pageParam ? page : withRecent(client, list, page);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <DwippSkeletons count={3} label="Loading Dwipps…" />;
  if (query.isError) {
    return (
      <div role="alert" className="flex flex-col items-center gap-2 text-center">
        <p>We could not load these Dwipps: {query.error.message}</p>
        <button type="button" className="underline" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const dwipps = query.data.pages.flatMap((page) => page.items);
  return (
    <section aria-label={label} className="flex flex-col gap-3">
      {dwipps.length === 0 && (
        <p role="status" className="text-center text-zinc-600 dark:text-zinc-400">
          {empty}
        </p>
      )}
      {dwipps.map((dwipp) => (
        <DwippArticle key={dwipp.id} dwipp={dwipp} />
      ))}
      {isFetchingNextPage && <DwippSkeletons count={2} label="Loading more Dwipps…" />}
      <div ref={sentinel} />
      {hasNextPage && (
        <button
          type="button"
          onClick={() => fetchNextPage()}
          disabled={isFetchingNextPage}
          className="mx-auto rounded-full border border-zinc-300 px-4 py-2 text-sm dark:border-zinc-700"
        >
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </section>
  );
}
