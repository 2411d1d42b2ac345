// Holds the static server that stands in for CloudFront: its names, 404s, compression and TLS.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:http2";
import { request as requestOverTls } from "node:https";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localhostCertificate } from "../local-certificate";
import { serveStaticSite } from "./static-site";

let root: string;
let site: { server: Server; url: string };
const script = `console.log(${JSON.stringify("x".repeat(2000))});`;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dwipper-site-"));
  await mkdir(path.join(root, "_next/static"), { recursive: true });
  await writeFile(path.join(root, "index.html"), "<h1>Home</h1>");
  await writeFile(path.join(root, "404.html"), "<h1>Lost</h1>");
  await mkdir(path.join(root, "user"));
  await writeFile(path.join(root, "user/index.html"), "<h1>A person</h1>");
  await writeFile(path.join(root, "user/__next._tree.txt"), "0:{}");
  await writeFile(path.join(root, "_next/static/app.js"), script);
  await writeFile(path.join(root, "icon.png"), Buffer.from([137, 80, 78, 71]));
  site = await serveStaticSite(root, 0, { "x-frame-options": "DENY" });
});

afterAll(async () => {
  await new Promise((resolve) => site.server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that keeps the body as sent (fetch would decompress it). */
function get(
  pathname: string,
  acceptEncoding: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sent = { "accept-encoding": acceptEncoding, ...headers };
    request(`${site.url}${pathname}`, { headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on("error", reject)
      .end();
  });
}

describe("serveStaticSite", () => {
  it("serves /path/ as its index.html, never cached, with the given headers", async () => {
    const response = await get("/", "identity");
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("<h1>Home</h1>");
    expect(response.headers["cache-control"]).toBe("max-age=0,no-cache,no-store,must-revalidate");
    expect(response.headers["x-frame-options"]).toBe("DENY");
  });

  it("lets a browser keep without asking again only what is named by its content", async () => {
    // A page's payload for client-side navigation and the icon keep their names across builds.
    for (const unhashed of ["/user/__next._tree.txt", "/icon.png"]) {
      const response = await get(unhashed, "identity");
      expect(response.status, unhashed).toBe(200);
      expect(response.headers["cache-control"], unhashed).toBe("public,max-age=0,must-revalidate");
    }
    const asset = await get("/_next/static/app.js", "identity");
    expect(asset.headers["cache-control"]).toBe("max-age=31536000,public,immutable");
  });

  it("answers a request that holds the file's current tag with 304 and no body, as S3 does", async () => {
    const first = await get("/user/__next._tree.txt", "identity");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await get("/user/__next._tree.txt", "identity", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    const stale = await get("/user/__next._tree.txt", "identity", { "if-none-match": '"0"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe("0:{}");
  });

  it("compresses text the browser accepts compressed, brotli first", async () => {
    const brotli = await get("/_next/static/app.js", "gzip, deflate, br");
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotli.headers["cache-control"]).toBe("max-age=31536000,public,immutable");
    expect(brotli.body.byteLength).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script);

    const gzip = await get("/_next/static/app.js", "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await get("/_next/static/app.js", "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it("serves a rebuilt page as it now is, compressed or not", async () => {
    await writeFile(path.join(root, "page.html"), "<h1>First build</h1>");
    expect(brotliDecompressSync((await get("/page.html", "br")).body).toString()).toBe(
      "<h1>First build</h1>",
    );
    await writeFile(path.join(root, "page.html"), "<h1>Second build</h1>");
    expect(brotliDecompressSync((await get("/page.html", "br")).body).toString()).toBe(
      "<h1>Second build</h1>",
    );
    expect(gunzipSync((await get("/page.html", "gzip")).body).toString()).toBe(
      "<h1>Second build</h1>",
    );
  });

  it("leaves images as they are", async () => {
    const response = await get("/icon.png", "br");
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers["content-type"]).toBe("image/png");
  });

  it("finds a page with or without its trailing slash, as SST's router does", async () => {
    for (const pathname of ["/user/", "/user", "/user/index.html"]) {
      const response = await get(pathname, "identity");
      expect(response.status, pathname).toBe(200);
      expect(response.body.toString()).toBe("<h1>A person</h1>");
    }
  });

  it("answers unknown paths, and paths outside the site, with the 404 page", async () => {
    for (const pathname of ["/nowhere", "/use", "/user/nobody", "/..%2f..%2fetc%2fpasswd"]) {
      const response = await get(pathname, "identity");
      expect(response.status).toBe(404);
      expect(response.body.toString()).toBe("<h1>Lost</h1>");
    }
  });
});

describe("serveStaticSite, secure", () => {
  let secure: { server: Server; url: string };
  beforeAll(async () => {
    secure = await serveStaticSite(root, 0, { "x-frame-options": "DENY" }, { secure: true });
  });
  afterAll(async () => {
    await new Promise((resolve) => secure.server.close(resolve));
  });

  it("speaks HTTP/2 over TLS to a client that offers it, with the same answers", async () => {
    expect(secure.url).toMatch(/^https:\/\/localhost:\d+$/);
    const session = connect(secure.url, { ca: (await localhostCertificate()).cert });
    try {
      const reply = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          const stream = session.request({
            ":path": "/_next/static/app.js",
            "accept-encoding": "br",
          });
          const chunks: Buffer[] = [];
          let headers: Record<string, unknown> = {};
          stream.on("response", (received) => {
            headers = received;
          });
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => resolve({ headers, body: Buffer.concat(chunks) }));
          stream.on("error", reject);
          stream.end();
        },
      );
      expect(session.alpnProtocol).toBe("h2");
      expect(reply.headers[":status"]).toBe(200);
      expect(reply.headers["content-encoding"]).toBe("br");
      expect(reply.headers["x-frame-options"]).toBe("DENY");
      expect(brotliDecompressSync(reply.body).toString()).toBe(script);
    } finally {
      session.close();
    }
  });

  it("still answers HTTP/1.1 over TLS", async () => {
    const ca = (await localhostCertificate()).cert;
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        requestOverTls(`${secure.url}/`, { ca }, (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        })
          .on("error", reject)
          .end();
      },
    );
    expect(status).toBe(200);
    expect(body).toBe("<h1>Home</h1>");
  });
});
