// Starting a local server: on localhost, on the given port (0 for any free one), failing instead of
// hanging when the port is taken.
import type { Server } from "node:net";

/** Listens and returns the server's URL (`http:` unless told), with the port it really got. */
export async function listenOnLocalhost(
  server: Server,
  port: number,
  scheme: "http" | "https" = "http",
): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return `${scheme}://localhost:${actual}`;
}
