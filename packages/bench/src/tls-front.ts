// P6's API over TLS: the local cloud's API speaks plain HTTP, API Gateway only HTTPS, and a phone's
// first request to it pays for the TLS handshake (Lighthouse counts it for an https origin only). A
// forwarder on localhost answers over TLS, HTTP/1.1 only: API Gateway's HTTP/2 is not assumed, so the
// measured page is never given more than AWS is known to give it.
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
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  server.on("close", () => agent.destroy());
  return { server, url: await listenOnLocalhost(server, 0, "https") };
}
