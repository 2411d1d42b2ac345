// A function stopped at its timeout sends nothing more: the AWS SDK's requests from a stopped
// invocation fail at once and never reach DynamoDB, while another invocation's go through.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { expect, it } from "vitest";
import { localCredentials } from "./credentials";
import { StoppedInvocationError, stoppable } from "./stopped-invocations";

it("fails a stopped invocation's SDK requests before they are sent, and no other's", async () => {
  let arrived = 0;
  const dynamo = createServer((_req, res) => {
    arrived++;
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end("{}");
  });
  await new Promise<void>((resolve) => dynamo.listen(0, "localhost", resolve));
  const client = new DynamoDBClient({
    endpoint: `http://localhost:${(dynamo.address() as AddressInfo).port}`,
    region: "us-east-1",
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const read = () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } }));
  try {
    let goOn: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      goOn = resolve;
    });
    const stopped = stoppable(async () => {
      await gate;
      return read();
    });
    const running = stoppable(read);
    stopped.stop();
    goOn();
    await expect(stopped.result).rejects.toBeInstanceOf(StoppedInvocationError);
    await expect(running.result).resolves.toBeDefined();
    expect(arrived).toBe(1);
  } finally {
    client.destroy();
    dynamo.close();
  }
});

it("fails a stopped invocation's fetch too, and no other's", async () => {
  let arrived = 0;
  const server = createServer((_req, res) => {
    arrived++;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  try {
    const stopped = stoppable(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return fetch(url);
    });
    stopped.stop();
    await expect(stopped.result).rejects.toBeInstanceOf(StoppedInvocationError);
    const running = stoppable(async () => (await fetch(url)).text());
    await expect(running.result).resolves.toBe("ok");
    expect(arrived).toBe(1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
