// The local cloud's services over TLS, for the bench: API Gateway and DynamoDB answer over HTTPS
// only, and a new connection to them pays a TLS handshake (a phone's first request to the API in
// P6; each connection a cold start opens in P2), which their plain-HTTP stand-ins would spare. A
// forwarder on localhost answers over TLS, HTTP/1.1 only: HTTP/2 is not assumed of either, so what
// is measured is never given more than AWS is known to give.
import { Agent, request } from "node:http";
import { createServer } from "node:https";
import type { Server } from "node:net";
import { listenOnLocalhost } from "@dwipper/local-cloud/listen";
import { localhostCertificate } from "@dwipper/local-cloud/local-certificate";

/** Forwards every request to `target` (an `http:` origin) as it came, and its answer back. */
export async function tlsFront(target: string): Promise<{ server: Server; url: string }> {
  const origin = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server = createServer(await localhostCertificate(), (req, res) => {
    const upstream = request(
      {
        host: origin.hostname,
        port: origin.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: origin.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  server.on("close", () => agent.destroy());
  return { server, url: await listenOnLocalhost(server, 0, "https") };
}
