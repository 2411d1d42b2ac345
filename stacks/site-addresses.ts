// What the web app serves, read from its source when the stack is built, for the front door's rule
// of which addresses are the site's (ADR 0035). Apart from the router so that tests can read it
// without SST's globals.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * The folders of the web app's pages, as its static export writes them (`user` for
 * `app/user/page.tsx`); the local cloud's own pages (`page.local.tsx`) are not deployed.
 */
export function sitePages(appDir = "apps/web/src/app"): string[] {
  return readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => path.dirname(file).split(path.sep).join("/"))
    .filter((folder) => folder !== ".")
    .sort();
}

/** Code and styles in the app's folder; any other file at its root is a metadata file. */
const appSource = /\.(tsx?|jsx?|mjs|css)$/;

/**
 * The files the export serves by their own names: the metadata files at the app's root
 * (`icon.svg`, `app/favicon.ico`), which Next.js copies as they are, and everything in `public`.
 */
export function siteFiles(webDir = "apps/web"): string[] {
  const appRoot = path.join(webDir, "src/app");
  const metadata = readdirSync(appRoot, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !appSource.test(entry.name))
    .map((entry) => entry.name);
  const publicDir = path.join(webDir, "public");
  const published = existsSync(publicDir)
    ? readdirSync(publicDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) =>
          path
            .relative(publicDir, path.join(entry.parentPath, entry.name))
            .split(path.sep)
            .join("/"),
        )
    : [];
  return [...metadata, ...published].sort();
}
