"use client";
// A list of Dwipps (the feed, mine or my favorites), newest first; the next page loads as the end
// comes into view, with a "Load more" button for when it does not. A live list (the feed's Latest)
// offers what others posted since it was read, in a button that takes no room until pressed, so
// nothing the reader is reading moves.

import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import {
  type ReactNode,
  type RefObject,
  startTransition,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { ListName } from "@/api/api-client";
import { listQuery, pollSince, prependToFeed, useNewInFeed } from "@/api/dwipp-cache";
import { useApi } from "@/api/use-api";
import { DwippArticle } from "./dwipp-article";

/**
 * How many Dwipps a list renders first: a screenful. The rest of the page follows in a render React
 * may interrupt, so the first paint waits for what it shows and not for twenty Dwipps (on a phone,
 * rendering them all at once was a long task between the answer and the first Dwipp on screen).
 */
const FIRST_RENDER = 6;

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

/** "Show N new Dwipps", floating over the top of the list; pressing it puts them on top. */
function NewDwipps({ dwipps, list }: { dwipps: Dwipp[]; list: RefObject<HTMLElement | null> }) {
  const client = useQueryClient();
  const shown = useMemo(() => new Set(dwipps.map((dwipp) => dwipp.id)), [dwipps]);
  const fresh = useNewInFeed(pollSince(dwipps), shown);
  if (fresh.length === 0) return null;
  return (
    // No height, and no gap after it in the list: nothing below it moves when it appears.
    <div className="sticky top-2 z-10 -mb-3 flex h-0 justify-center overflow-visible">
      <button
        type="button"
        onClick={() => {
          prependToFeed(client, fresh);
          list.current?.focus();
          list.current?.scrollIntoView({ block: "start" });
        }}
        className="h-fit rounded-full bg-sky-700 px-4 py-2 text-sm font-semibold text-white shadow-lg hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
      >
        {fresh.length === 1 ? "Show 1 new Dwipp" : `Show ${fresh.length} new Dwipps`}
      </button>
    </div>
  );
}

export function DwippList({
  list,
  label,
  empty,
  live = false,
}: {
  list: ListName;
  label: string;
  empty: ReactNode;
  /** Offer the Dwipps others post while it is open (the feed only). */
  live?: boolean;
}) {
  const api = useApi();
  const client = useQueryClient();
  const query = useInfiniteQuery(listQuery(api, client, list));
  const [everything, setEverything] = useState(false);
  const dwipps = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  useEffect(() => {
    if (!everything && dwipps.length > FIRST_RENDER) startTransition(() => setEverything(true));
  }, [everything, dwipps.length]);
  // Until the whole page is rendered, nothing after it: neither the button nor the sentinel that
  // would ask for the next page because the list ends on screen for a moment.
  const whole = everything || dwipps.length <= FIRST_RENDER;
  const sentinel = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || !whole) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, whole]);

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
  return (
    <section
      ref={section}
      tabIndex={-1}
      aria-label={label}
      className="flex scroll-mt-2 flex-col gap-3 focus:outline-none"
    >
      {live && <NewDwipps dwipps={dwipps} list={section} />}
      {dwipps.length === 0 && (
        <p role="status" className="text-center text-zinc-600 wrap-anywhere dark:text-zinc-400">
          {empty}
        </p>
      )}
      {(whole ? dwipps : dwipps.slice(0, FIRST_RENDER)).map((dwipp) => (
        <DwippArticle key={dwipp.id} dwipp={dwipp} />
      ))}
      {isFetchingNextPage && <DwippSkeletons count={2} label="Loading more Dwipps…" />}
      {whole && <div ref={sentinel} />}
      {whole && hasNextPage && (
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
