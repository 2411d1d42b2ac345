// How long a browser may keep each file of the static export, written once for the stack's upload
// (SST's `assets.fileOptions`, stacks/web.ts) and the local static server (ADR 0052). Only a file
// whose name changes with its content may be kept without asking again: the build's assets under
// `_next/static/`. SST's default keeps every file but the pages for a year, which would keep a
// page's payloads for client-side navigation (`__next.….txt`, `index.txt`, named by their page
// alone) and the metadata files from one build into the next.

/** Named by their content: kept for a year and never asked for again. */
export const IMMUTABLE = "max-age=31536000,public,immutable";
/** The pages: never stored (SST's own choice for them), so a deploy reaches the next load. */
export const PAGE = "max-age=0,no-cache,no-store,must-revalidate";
/** Everything else: stored, but asked about on every use (answered 304 while unchanged). */
export const REVALIDATED = "public,max-age=0,must-revalidate";

/** The folder of the export whose files are named by their content. */
const CONTENT_NAMED = "_next/static/";

/** The cache-control for `key`, a file's path from the export's root (`a/b.txt`, no leading `/`). */
export function cacheControlOf(key: string): string {
  if (key.startsWith(CONTENT_NAMED)) return IMMUTABLE;
  if (key.endsWith(".html")) return PAGE;
  return REVALIDATED;
}

/**
 * The same rule as SST's `assets.fileOptions`, whose later entries win: the pages, then the
 * content-named assets, over everything else.
 */
export const siteFileOptions = [
  { files: "**", cacheControl: REVALIDATED },
  { files: "**/*.html", cacheControl: PAGE },
  { files: `${CONTENT_NAMED}**`, cacheControl: IMMUTABLE },
];
