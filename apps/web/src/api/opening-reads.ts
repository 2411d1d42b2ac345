// The reads a page opens with, asked for before React hydrates it (instrumentation-client.ts), so
// they travel while the framework starts instead of after it: on a phone, the framework's start is
// most of the wait for the first Dwipps. The page's own requests take the answers (askAhead); they
// are asked with the session the page will use, so a page that must renew its session first, or
// whose token changes before it asks, just asks again.
import { keptSession } from "@/auth/cognito";
import { topWindowOf } from "@/components/paths";
import { askAhead, type ListName, listSource, profileSource } from "./api-client";

/** The API paths the page at this address reads first. */
export function openingReads(pathname: string, search: URLSearchParams): string[] {
  if (pathname === "/") {
    const top = topWindowOf(search.get("top"));
    const list: ListName = top ? `top:${top}` : "feed";
    return [listSource(list).path];
  }
  const id = search.get("id");
  if (pathname === "/user/" && id) return [profileSource(id), listSource(`user:${id}`).path];
  return [];
}

/** Asks for the opening reads of the page at `location`, as the session kept here. */
export function askOpeningReads(location: { pathname: string; search: string }): void {
  const session = keptSession();
  if (session === undefined) return;
  for (const path of openingReads(location.pathname, new URLSearchParams(location.search))) {
    askAhead(session?.idToken ?? null, path);
  }
}
