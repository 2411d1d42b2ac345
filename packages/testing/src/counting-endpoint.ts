// A stand-in for a service a function writes to (DynamoDB, say) that only counts what reaches
// it, for tests that hold a function stopped at its timeout to sending nothing more.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingEndpoint {
  url: string;
  /** How many requests have reached it. */
  arrived(): number;
  close(): void;
}

/** Listens on localhost and answers every request 200 with DynamoDB's empty JSON answer. */
export async function countingEndpoint(): Promise<CountingEndpoint> {
  let arrived = 0;
  const server = createServer((_req, res) => {
    arrived++;
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    arrived: () => arrived,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
