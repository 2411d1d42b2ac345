// The reads a page opens with, asked for before the framework's scripts have run (early-reads.ts,
// first in the exported page's head) or at least before React hydrates the page
// (instrumentation-client.ts), so they travel while the framework starts instead of after it: on a
// phone, the framework's start is most of the wait for the first Dwipps. The page's own requests
// take the answers (askAhead); they are asked with the session the page will use, so a page that
// must renew its session first, or whose token changes before it asks, just asks again.
import { keptSession } from "@/auth/cognito";
import { idOf, topWindowOf } from "@/components/paths";
import {
  askAhead,
  claimOpeningReads,
  type ListName,
  listSource,
  profileSource,
} from "./api-client";

/** Each page that opens with reads, by its path, and the API paths it reads first. */
const readsOf = new Map<string, (search: URLSearchParams) => string[]>([
  [
    "/",
    (search) => {
      const top = topWindowOf(search.get("top"));
      const list: ListName = top ? `top:${top}` : "feed";
      return [listSource(list).path];
    },
  ],
  [
    "/user/",
    (search) => {
      const id = idOf(search);
      return id ? [profileSource(id), listSource(`user:${id}`).path] : [];
    },
  ],
]);

/** The pages the build gives the early script (early-reads.ts). */
export const PAGES_WITH_OPENING_READS = [...readsOf.keys()];

/** The API paths the page at this address reads first. */
export function openingReads(pathname: string, search: URLSearchParams): string[] {
  return readsOf.get(pathname)?.(search) ?? [];
}

/**
 * Asks for the opening reads of the page at `location`, as the session kept here: once a page
 * load, by the early script or, where it did not run first, by the app (instrumentation-client.ts).
 */
export function askOpeningReads(location: { pathname: string; search: string }): void {
  if (!claimOpeningReads()) return;
  const session = keptSession();
  if (session === undefined) return;
  for (const path of openingReads(location.pathname, new URLSearchParams(location.search))) {
    askAhead(session?.idToken ?? null, path);
  }
}
