// A stand-in for a service a function writes to (DynamoDB, say) that only counts what reaches it
// and the connections it is reached on, for tests of what a function stopped at its timeout, or
// frozen between invocations, sends.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closesIdleUnannounced } from "@dwipper/dynamodb-engine/idle-connections";

export interface CountingEndpoint {
  url: string;
  /** How many requests have reached it. */
  arrived(): number;
  /** How many connections have been opened to it. */
  connections(): number;
  /** Closes the connections no request is on, as a service closes those left idle too long. */
  closeIdle(): void;
  close(): void;
}

/**
 * Listens on localhost and answers every request 200 with DynamoDB's empty JSON answer, naming no
 * time for which it keeps a connection open, as DynamoDB does not.
 */
export async function countingEndpoint(): Promise<CountingEndpoint> {
  let arrived = 0;
  let connections = 0;
  const server = createServer((_req, res) => {
    arrived++;
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
  });
  closesIdleUnannounced(server);
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    arrived: () => arrived,
    connections: () => connections,
    closeIdle: () => server.closeIdleConnections(),
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
