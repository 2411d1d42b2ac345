// Port choice for the local cloud: a configured port must be free (said in words if not); port 0
// means "any free one", which is what isolated test instances ask for.
import { createServer } from "node:net";

export class PortInUseError extends Error {}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port, host: "localhost", exclusive: true }, () => {
      const address = server.address();
      const chosen = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

/** Resolves `wanted` to a usable port, or throws PortInUseError naming the variable to change. */
export async function claimPort(wanted: number, what: string, variable: string): Promise<number> {
  try {
    return await listenOnce(wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new PortInUseError(
        `Port ${wanted} for ${what} is already in use. Stop whatever uses it, or choose another port: ${variable}=<port>.`,
      );
    }
    throw error;
  }
}
