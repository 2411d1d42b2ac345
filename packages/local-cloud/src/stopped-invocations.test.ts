// A function stopped at its timeout sends nothing more: the AWS SDK's requests from a stopped
// invocation fail at once and never reach DynamoDB, while another invocation's go through. Work an
// invocation leaves running once it has answered sends nothing until its instance runs again, as
// a frozen Lambda environment. Only the functions' thread script loads it: the local cloud's own
// process keeps node:http as it is.

import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { type CountingEndpoint, countingEndpoint } from "@dwipper/testing/counting-endpoint";
import { expect, it } from "vitest";
import { localCredentials } from "./credentials";
import { InstanceRuns, StoppedInvocationError, stoppable } from "./stopped-invocations";

/**
 * An SDK client's one read, sent to an endpoint that counts what reaches it; tried once unless
 * `maxAttempts` says otherwise.
 */
async function readsCounted(maxAttempts = 1) {
  const dynamo = await countingEndpoint();
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: "us-east-1",
    credentials: localCredentials,
    maxAttempts,
  });
  return {
    dynamo,
    read: () => client.send(new GetItemCommand({ TableName: "t", Key: { pk: { S: "a" } } })),
    close() {
      client.destroy();
      dynamo.close();
    },
  };
}

it("fails a stopped invocation's SDK requests before they are sent, and no other's", async () => {
  const { dynamo, read, close } = await readsCounted();
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
    close();
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

/** Waits long enough for a request let go to arrive, and one held to show that it was held. */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 150));

it("holds what an invocation left running after it answered until its instance runs again", async () => {
  const { dynamo, read, close } = await readsCounted();
  try {
    const instance = new InstanceRuns();
    const other = new InstanceRuns();
    let left: Promise<unknown> | undefined;
    // It answers at once, leaving a read it never awaited to start a moment later.
    await stoppable(async () => {
      left = new Promise((resolve) => setTimeout(resolve, 10)).then(read);
      return "answered";
    }, instance).result;
    await aMoment();
    expect(dynamo.arrived()).toBe(0);
    // Another instance running lets nothing of this one's go.
    await stoppable(aMoment, other).result;
    expect(dynamo.arrived()).toBe(0);
    // Its own next invocation does, while it runs.
    await stoppable(async () => {
      await left;
    }, instance).result;
    expect(dynamo.arrived()).toBe(1);
    // An invocation's own requests go while it runs, and an instance's second answer freezes it
    // again.
    await stoppable(read, instance).result;
    expect(dynamo.arrived()).toBe(2);
    expect(instance.frozen).toBe(true);
  } finally {
    close();
  }
});

it("holds a fetch left running after the answer too", async () => {
  const server = await countingEndpoint();
  try {
    const instance = new InstanceRuns();
    let left: Promise<unknown> | undefined;
    await stoppable(async () => {
      left = new Promise((resolve) => setTimeout(resolve, 10)).then(() => fetch(server.url));
    }, instance).result;
    await aMoment();
    expect(server.arrived()).toBe(0);
    await stoppable(async () => {
      await left;
    }, instance).result;
    expect(server.arrived()).toBe(1);
  } finally {
    server.close();
  }
});

/**
 * Has the endpoint close its idle connections, as a service closes those left idle too long, and
 * waits for the client to see it: a frozen environment would not.
 */
async function idleConnectionsClosed(dynamo: CountingEndpoint) {
  await aMoment(); // the last answer's connection is idle
  dynamo.closeIdle();
  await aMoment();
}

it("fails a thawed instance's first request on a connection closed while it was frozen, unsent", async () => {
  const { dynamo, read, close } = await readsCounted();
  try {
    const instance = new InstanceRuns();
    await stoppable(read, instance).result;
    await idleConnectionsClosed(dynamo);
    await expect(stoppable(read, instance).result).rejects.toMatchObject({
      message: "socket hang up",
      code: "ECONNRESET",
    });
    expect(dynamo.arrived()).toBe(1);
    // The connection is known closed now: the next request opens another.
    await stoppable(read, instance).result;
    expect(dynamo.arrived()).toBe(2);
    expect(dynamo.connections()).toBe(2);
  } finally {
    close();
  }
});

it("lets the SDK try again on a fresh connection after that reset", async () => {
  const { dynamo, read, close } = await readsCounted(3);
  try {
    const instance = new InstanceRuns();
    await stoppable(read, instance).result;
    await idleConnectionsClosed(dynamo);
    const answer = await stoppable(read, instance).result;
    expect(answer.$metadata.attempts).toBe(2);
    expect(dynamo.arrived()).toBe(2);
  } finally {
    close();
  }
});

it("meets no reset on a connection open, or closed while it ran, or once its loop has turned", async () => {
  const { dynamo, read, close } = await readsCounted();
  try {
    const instance = new InstanceRuns();
    await stoppable(read, instance).result;
    await aMoment(); // the connection is idle
    await stoppable(read, instance).result;
    expect(dynamo.connections()).toBe(1);
    // Closed while the instance ran: it saw the close then.
    await stoppable(() => idleConnectionsClosed(dynamo), instance).result;
    await stoppable(read, instance).result;
    expect(dynamo.connections()).toBe(2);
    await idleConnectionsClosed(dynamo);
    // Its event loop has turned since the thaw: the close is seen, the read opens a connection.
    await stoppable(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return read();
    }, instance).result;
    expect(dynamo.arrived()).toBe(4);
    expect(dynamo.connections()).toBe(3);
  } finally {
    close();
  }
});

it("fails a held request its agent cannot take at the thaw, where the request can hear it", async () => {
  const instance = new InstanceRuns();
  const agent = Object.assign(new http.Agent(), {
    createConnection() {
      throw new Error("no connection to be had");
    },
  });
  let outcome: Promise<unknown> | undefined;
  await stoppable(async () => {
    outcome = new Promise((resolve) => setTimeout(resolve, 10)).then(
      () =>
        new Promise((resolve) => {
          http.get("http://localhost:9/", { agent }).on("error", resolve);
        }),
    );
  }, instance).result;
  await aMoment();
  // At the thaw the agent throws: the request gets the error rather than waiting for ever.
  const hung = new Promise((resolve) => setTimeout(() => resolve("hung"), 1_000));
  const seen = await stoppable(() => Promise.race([outcome, hung]), instance).result;
  expect(seen).toMatchObject({ message: "no connection to be had" });
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
