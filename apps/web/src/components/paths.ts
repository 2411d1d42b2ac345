// The addresses of the pages that show one thing, which people share and paste: one static page
// each, told what to show by the query (ADR 0014); what the home page's address says; and a page's
// address as the bar's links write it.
import { TOP_WINDOWS, type TopWindow } from "@dwipper/core/dwipp/top-windows";

export const dwippPath = (id: string) => `/dwipp/?id=${encodeURIComponent(id)}`;
export const profilePath = (id: string) => `/user/?id=${encodeURIComponent(id)}`;

/** The home page shows Top of the window its `?top=` names, or the feed's Latest without one. */
export const topWindowOf = (top: string | null): TopWindow | undefined =>
  TOP_WINDOWS.find((window) => window === top);

/** The page at `pathname` as the site's links name it: with its trailing slash (`/me` is `/me/`). */
export const pageAddress = (pathname: string) =>
  pathname.endsWith("/") ? pathname : `${pathname}/`;

/**
 * The id a Dwipp's or a person's page is for, from its address's query: in lower case, as the API
 * gives ids (ADR 0051), so a link written in capitals is read and kept as the same one.
 */
export const idOf = (query: { get(name: string): string | null }) =>
  (query.get("id") ?? "").toLowerCase();
