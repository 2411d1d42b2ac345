// The local front of the web dev server: forwards every request (hot reload's websocket too) to
// Next.js and adds the site's security headers in their development form, as CloudFront adds
// the production form in AWS. It listens first, so the site's address is known (and its port
// held) before anything else starts, and answers 503 until it is told where Next.js listens.
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import { listenOnLocalhost } from "../listen";

export interface WebFront {
  server: Server;
  url: string;
  /** Where Next.js listens, and the headers to add to its answers. */
  forwardTo(targetPort: number, headers: Record<string, string>): void;
}

export async function startWebFront(port: number): Promise<WebFront> {
  let targetPort = 0;
  let headers: Record<string, string> = {};
  const server = createServer((req, res) => {
    if (!targetPort) {
      res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" });
      res.end("The web dev server is starting.");
      return;
    }
    const upstream = request(
      {
        host: "localhost",
        port: targetPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...headers });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("The web dev server is not answering yet.");
    });
    req.pipe(upstream);
  });
  server.on("upgrade", (req, socket, head) => {
    if (!targetPort) {
      socket.destroy();
      return;
    }
    const upstream = connect(targetPort, "localhost", () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  const url = await listenOnLocalhost(server, port);
  return {
    server,
    url,
    forwardTo(target, extra) {
      targetPort = target;
      headers = extra;
    },
  };
}
