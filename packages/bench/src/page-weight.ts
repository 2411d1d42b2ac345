// P5: the JavaScript a page loads on first visit (every script its HTML references that a current
// browser runs, gzip), from a production build, beside an empty page of the same build (the
// framework and the app's shell).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildWebApp } from "@dwipper/local-cloud/dev/web-build";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { withBenchPages } from "./bench-pages";

const web = path.join(repoRoot, "apps/web");

async function scriptBytes(page: string): Promise<number> {
  const html = await readFile(path.join(web, "out", page, "index.html"), "utf8");
  // A `noModule` script (the framework's polyfills) is one no current browser loads.
  const sources = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)]
    .filter((match) => !/\bnomodule\b/i.test(`${match[1]} ${match[3]}`))
    .map((match) => match[2] ?? "");
  let total = 0;
  for (const source of new Set(sources)) {
    total += gzipSync(await readFile(path.join(web, "out", source))).byteLength;
  }
  return total;
}

export async function measurePageWeight(): Promise<Record<string, number>> {
  return withBenchPages(["bench-empty"], async () => {
    buildWebApp({
      NEXT_PUBLIC_API_URL: "https://api.example.com",
      NEXT_PUBLIC_USER_POOL_ID: "us-east-1_bench",
      NEXT_PUBLIC_USER_POOL_CLIENT_ID: "bench",
    });
    return {
      "/": await scriptBytes(""),
      "/login/": await scriptBytes("login"),
      empty: await scriptBytes("bench-empty"),
    };
  });
}
