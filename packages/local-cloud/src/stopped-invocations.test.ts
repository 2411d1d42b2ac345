// A function stopped at its timeout sends nothing more: the AWS SDK's requests from a stopped
// invocation fail at once and never reach DynamoDB, while another invocation's go through. Only
// the functions' thread script loads it: the local cloud's own process keeps node:http as it is.

import { readdir, readFile } from "node:fs/promises";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { countingEndpoint } from "@dwipper/testing/counting-endpoint";
import { expect, it } from "vitest";
import { localCredentials } from "./credentials";
import { StoppedInvocationError, stoppable } from "./stopped-invocations";

it("fails a stopped invocation's SDK requests before they are sent, and no other's", async () => {
  const dynamo = await countingEndpoint();
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
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
    expect(dynamo.arrived()).toBe(1);
  } finally {
    client.destroy();
    dynamo.close();
  }
});

it("fails a stopped invocation's fetch too, and no other's", async () => {
  const server = await countingEndpoint();
  const { url } = server;
  try {
    const stopped = stoppable(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return fetch(url);
    });
    stopped.stop();
    await expect(stopped.result).rejects.toBeInstanceOf(StoppedInvocationError);
    const running = stoppable(async () => (await fetch(url)).text());
    await expect(running.result).resolves.toBe("{}");
    expect(server.arrived()).toBe(1);
  } finally {
    server.close();
  }
});

it("is loaded by the functions' thread script alone, never by the local cloud's own process", async () => {
  const dir = import.meta.dirname;
  const sources = (await readdir(dir, { recursive: true })).filter(
    (file) => /\.(ts|mjs)$/.test(file) && !/\.test\.ts$/.test(file),
  );
  const loaders: string[] = [];
  for (const file of sources) {
    const text = await readFile(`${dir}/${file}`, "utf8");
    if (/from "(\.\.?\/)+stopped-invocations"/.test(text)) loaders.push(file);
  }
  expect(loaders).toEqual(["function-host-thread.ts"]);
});
