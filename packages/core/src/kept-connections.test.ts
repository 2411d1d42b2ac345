// A try reset on a connection kept from an earlier request, as one DynamoDB closed while a Lambda
// instance was frozen is, is sent once more on a new connection by core's HTTP handler
// (`ResendsOnKeptConnections`, through DynamoDB's `TriesWithinBudget`), before the SDK's retries
// see it; a reset on a new connection is the SDK's to try again, as before.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, expect, it } from "vitest";
import { TriesWithinBudget } from "./dynamo";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/**
 * An endpoint that answers a connection's first `answered` requests and closes the connection on
 * the next instead of answering, as a server that had closed it would be met.
 */
async function closingEndpoint(answered: number) {
  const counts = { answered: 0, dropped: 0 };
  const server = createServer((request, response) => {
    const socket = request.socket as typeof request.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    if (socket.served > answered) {
      counts.dropped++;
      socket.destroy();
      return;
    }
    counts.answered++;
    response.setHeader("connection", "keep-alive");
    response.setHeader("content-type", "application/x-amz-json-1.0");
    response.end("{}");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const client = new DynamoDBClient({
    endpoint: `http://localhost:${(server.address() as AddressInfo).port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1, // whatever is tried again here, the handler tried
    requestHandler: new TriesWithinBudget(),
  });
  const read = () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } }));
  return { counts, read };
}

const idle = () => new Promise((resolve) => setTimeout(resolve, 20));

it("sends a try reset on a kept connection once more, on a new one", async () => {
  const { counts, read } = await closingEndpoint(1);
  await read();
  await idle();
  await expect(read()).resolves.toBeDefined();
  expect(counts).toEqual({ answered: 2, dropped: 1 });
});

it("sends it once more only: a second reset is the SDK's", async () => {
  const { counts, read } = await closingEndpoint(1);
  // Two connections kept: the try and the one more both go on kept ones.
  await Promise.all([read(), read()]);
  await idle();
  await expect(read()).rejects.toMatchObject({ code: "ECONNRESET" });
  expect(counts).toEqual({ answered: 2, dropped: 2 });
});

it("leaves a reset on a new connection to the SDK", async () => {
  const { counts, read } = await closingEndpoint(0);
  await expect(read()).rejects.toMatchObject({ code: "ECONNRESET" });
  expect(counts).toEqual({ answered: 0, dropped: 1 });
});
