"use client";
// Everyone's Dwipps, newest first; the next page loads as the end comes into view, with a
// "Load more" button for when it does not.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useApi } from "@/api/use-api";
import { DwippArticle } from "./dwipp-article";

export function DwippFeed() {
  const api = useApi();
  const feed = useInfiniteQuery({
    queryKey: ["feed"],
    queryFn: ({ pageParam }) => api.listFeed(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (feed.isPending) {
    return (
      <p role="status" className="text-center text-sm text-zinc-500">
        Loading Dwipps…
      </p>
    );
  }
  if (feed.isError) {
    return (
      <div role="alert" className="flex flex-col items-center gap-2 text-center">
        <p>We could not load the feed: {feed.error.message}</p>
        <button type="button" className="underline" onClick={() => feed.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const dwipps = feed.data.pages.flatMap((page) => page.items);
  return (
    <section aria-label="Feed" className="flex flex-col gap-3">
      {dwipps.length === 0 && (
        <p role="status" className="text-center text-zinc-500">
          No Dwipps yet. Share the first shower thought!
        </p>
      )}
      {dwipps.map((dwipp) => (
        <DwippArticle key={dwipp.id} dwipp={dwipp} />
      ))}
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
