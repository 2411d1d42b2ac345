// The local front of the web dev server: forwards every request (hot reload's websocket too) to
// Next.js and adds the site's security headers in their development form, as CloudFront adds
// the production form in AWS.
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";

export async function startWebFront(
  port: number,
  targetPort: number,
  headers: Record<string, string>,
): Promise<Server> {
  const server = createServer((req, res) => {
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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", () => resolve());
  });
  return server;
}
