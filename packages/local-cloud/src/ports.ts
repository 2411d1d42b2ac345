// Port choice for the local cloud: a configured port must be free (said in words if not); port 0
// means "any free one", which is what isolated test instances ask for.
import { createServer, type Server } from "node:net";

export class PortInUseError extends Error {}

export interface PortRequest {
  /** 0 for any free port. */
  port: number;
  /** What will listen there, for the error message. */
  what: string;
  /** The environment variable that changes it. */
  variable: string;
}

function hold(request: PortRequest): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new PortInUseError(
            `Port ${request.port} for ${request.what} is already in use. Stop whatever uses it, or choose another port: ${request.variable}=<port>.`,
          ),
        );
      } else reject(error);
    });
    server.listen({ port: request.port, host: "localhost", exclusive: true }, () =>
      resolve(server),
    );
  });
}

/**
 * Resolves every request to a usable port at once: all are held open together while choosing, so
 * two "any free port" requests never get the same one.
 */
export async function claimPorts<T extends PortRequest[]>(
  requests: [...T],
): Promise<{ [K in keyof T]: number }> {
  const held = await Promise.allSettled(requests.map(hold));
  const servers = held.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  const failed = held.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return ports as { [K in keyof T]: number };
}
