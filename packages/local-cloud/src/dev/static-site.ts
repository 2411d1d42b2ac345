// Serves a built static export the way S3 + CloudFront do for Dwipper: `/path/` is
// `path/index.html` and `/path` is tried as SST's router tries it, unknown paths get the 404 page
// with a 404 (as the front door answers them, ADR 0035), files carry the cache-control the stack
// uploads them with and their content's tag (a request holding it gets 304, ADR 0052), text is
// compressed when the browser accepts it, and every response carries the given headers. Over
// plain HTTP/1.1 by default; over TLS and HTTP/2 when asked, as CloudFront serves
// viewers (a distribution's default), for measurements whose figures depend on the connections.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { createSecureServer } from "node:http2";
import type { Server } from "node:net";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { cacheControlOf } from "@dwipper/site/cache-control";
import { NOT_FOUND_PAGE } from "@dwipper/site/site-pages";
import { listenOnLocalhost } from "../listen";
import { localhostCertificate } from "../local-certificate";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

const compressible = new Set([".html", ".js", ".css", ".json", ".txt", ".svg"]);

type Encoding = "br" | "gzip";

function preferredEncoding(accept: string | undefined): Encoding | undefined {
  const offered = (accept ?? "").split(",").map((part) => part.split(";")[0]?.trim());
  if (offered.includes("br")) return "br";
  if (offered.includes("gzip")) return "gzip";
  return undefined;
}

/** What the handler needs of a request and a response, over HTTP/1.1 and HTTP/2 alike. */
interface Exchange {
  request: { url?: string; headers: IncomingHttpHeaders };
  response: {
    writeHead(status: number, headers: Record<string, string>): unknown;
    end(body: Buffer): unknown;
  };
}

/**
 * Serves `root` on `port` (0: any free one). Files and `headers` are read at every request, so the
 * server may start before the site is built or its headers are known. `secure`: over TLS with a
 * certificate for localhost, HTTP/2 to a client that offers it and HTTP/1.1 to one that does not.
 */
/**
 * The file an address names, tried as SST's router tries it: `/x/` is `x/index.html`; `/x` is `x`,
 * `x.html` or `x/index.html`. Nothing outside the site's folder is ever read.
 */
async function firstFile(
  base: string,
  pathname: string,
): Promise<{ file: string; body: Buffer } | undefined> {
  const tries = pathname.endsWith("/") ? ["index.html"] : ["", ".html", "/index.html"];
  for (const suffix of tries) {
    const file = path.resolve(base, `.${pathname}${suffix}`);
    if (!file.startsWith(`${base}${path.sep}`)) return undefined;
    const body = await readFile(file).catch(() => undefined);
    if (body) return { file, body };
  }
  return undefined;
}

export async function serveStaticSite(
  root: string,
  port: number,
  headers: Record<string, string>,
  { secure = false }: { secure?: boolean } = {},
): Promise<{ server: Server; url: string }> {
  const base = path.resolve(root);
  // Compressed once per file and content: a rebuild of the site is served as it now is.
  const compressed = new Map<string, { source: Buffer; result: Buffer }>();
  const encode = (file: string, body: Buffer, encoding: Encoding) => {
    const key = `${encoding}:${file}`;
    const kept = compressed.get(key);
    if (kept?.source.equals(body)) return kept.result;
    const result =
      encoding === "br"
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(body);
    compressed.set(key, { source: body, result });
    return result;
  };
  const handle = async (req: Exchange["request"], res: Exchange["response"]) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    let status = 200;
    let found = await firstFile(base, pathname);
    if (!found) {
      status = 404;
      const page = path.join(base, NOT_FOUND_PAGE);
      found = { file: page, body: await readFile(page).catch(() => Buffer.from("Not found")) };
    }
    const { file } = found;
    let { body } = found;
    // S3 tags each object with its content's MD5 and answers a request that already holds it with
    // 304 and no body, which is what a revalidated file costs a returning browser.
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    const cacheControl = cacheControlOf(path.relative(base, file).split(path.sep).join("/"));
    if (status === 200 && req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ...headers, etag, "cache-control": cacheControl });
      res.end(Buffer.alloc(0));
      return;
    }
    const encoding = compressible.has(path.extname(file))
      ? preferredEncoding(req.headers["accept-encoding"])
      : undefined;
    if (encoding) body = encode(file, body, encoding);
    res.writeHead(status, {
      ...headers,
      "content-type": types[path.extname(file)] ?? "application/octet-stream",
      "cache-control": cacheControl,
      ...(status === 200 ? { etag } : {}),
      vary: "accept-encoding",
      ...(encoding ? { "content-encoding": encoding } : {}),
    });
    res.end(body);
  };
  const server = secure
    ? createSecureServer({ ...(await localhostCertificate()), allowHTTP1: true }, handle)
    : createServer(handle);
  return { server, url: await listenOnLocalhost(server, port, secure ? "https" : "http") };
}
