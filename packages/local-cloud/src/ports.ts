// Ports for the local cloud. A port given by number must be free, and is refused in words if not;
// port 0 means "any free one", and is left to the server itself to choose when it listens (and
// read back from it), so no port is ever chosen by one party and then taken by another.
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

function probe(request: PortRequest): Promise<Server> {
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
 * Checks that every port given by number is free, all at once, so that a busy one is reported
 * before anything starts. Returns the ports as given: 0 stays 0.
 */
export async function checkPorts<T extends PortRequest[]>(
  requests: [...T],
): Promise<{ [K in keyof T]: number }> {
  const fixed = requests.filter((request) => request.port !== 0);
  const probes = await Promise.allSettled(fixed.map(probe));
  await Promise.all(
    probes.map((result) =>
      result.status === "fulfilled"
        ? new Promise((resolve) => result.value.close(resolve))
        : undefined,
    ),
  );
  const failed = probes.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return requests.map((request) => request.port) as { [K in keyof T]: number };
}
