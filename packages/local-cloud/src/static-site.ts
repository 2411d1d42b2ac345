// Serves a built static export the way S3 + CloudFront do for Dwipper: `/path/` is
// `path/index.html`, unknown paths get the 404 page, and every response carries the given headers.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";

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

export async function serveStaticSite(
  root: string,
  port: number,
  headers: Record<string, string>,
): Promise<{ server: Server; url: string }> {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const wanted = path.resolve(
      base,
      `.${pathname.endsWith("/") ? `${pathname}index.html` : pathname}`,
    );
    const inside = wanted.startsWith(`${base}${path.sep}`);
    let status = 200;
    let file = wanted;
    let body: Buffer;
    try {
      if (!inside) throw new Error("outside the site");
      body = await readFile(file);
    } catch {
      status = 404;
      file = path.join(base, "404.html");
      body = await readFile(file).catch(() => Buffer.from("Not found"));
    }
    res.writeHead(status, {
      ...headers,
      "content-type": types[path.extname(file)] ?? "application/octet-stream",
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, "localhost", () => resolve()));
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return { server, url: `http://localhost:${actual}` };
}
