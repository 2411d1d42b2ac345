"use client";
// The pages a bar or a card links to are fetched ahead once the browser is idle after the page has
// loaded, not as soon as their links are on screen (Next's default): on a first load those fetches
// and their scripts went out while the page's own Dwipps were on their way, and delayed them. The
// page being shown is not fetched again (the bar links to it too): three requests a load saved.
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { whenLoadedAndIdle } from "@/after-load";
import { pageAddress } from "./paths";

/** Of `hrefs`, those worth fetching ahead from the page at `pathname`: every one but itself. */
export function aheadOf(hrefs: readonly string[], pathname: string): string[] {
  const here = pageAddress(pathname);
  return hrefs.filter((href) => href !== here);
}

/** Calls `prefetch` for each href once the page has loaded and the browser is idle; undoable. */
export function prefetchWhenIdle(
  hrefs: readonly string[],
  prefetch: (href: string) => void,
): () => void {
  return whenLoadedAndIdle(() => {
    for (const href of hrefs) prefetch(href);
  });
}

export function usePrefetchWhenIdle(hrefs: readonly string[]): void {
  const router = useRouter();
  const key = aheadOf(hrefs, usePathname()).join(" ");
  useEffect(() => {
    if (key === "") return;
    return prefetchWhenIdle(key.split(" "), (href) => router.prefetch(href));
  }, [key, router]);
}
