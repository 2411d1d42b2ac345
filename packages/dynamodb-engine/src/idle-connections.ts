// AWS's endpoints close a connection left idle without having said when: their answers carry no
// `Keep-Alive: timeout=…`, so a client learns that a connection is gone only when it is closed.
// Node's server names its timeout in every answer, and Node's client then drops an idle connection
// a second before the server would, so a local client never meets one closed under it. The
// local services answer as AWS's do.
import type { Server } from "node:http";

/** How long a local service keeps an idle connection open: Node's server's own default. */
export const IDLE_CONNECTION_MS = 5_000;

/** Has `server` close connections idle for `idleMs` without naming that time in its answers. */
export function closesIdleUnannounced(server: Server, idleMs = IDLE_CONNECTION_MS): Server {
  server.keepAliveTimeout = idleMs;
  // Node names the timeout only in answers whose `Connection` header it writes itself.
  server.prependListener("request", (request, response) => {
    const closing = /close/i.test(request.headers.connection ?? "");
    if (!closing && request.httpVersion === "1.1") response.setHeader("connection", "keep-alive");
  });
  return server;
}
