// The local services keep a connection open between requests without naming a time, as AWS's
// endpoints do; and close it once idle, or at once for a client that asks them to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { closesIdleUnannounced } from "./idle-connections";
import { startTestEngine } from "./testing";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** One request's answer: its headers, and whether it went on a connection already open. */
function post(url: string, agent: http.Agent, headers: http.OutgoingHttpHeaders = {}) {
  return new Promise<{ headers: http.IncomingHttpHeaders; reused: boolean }>((resolve, reject) => {
    const request = http.request(url, { method: "POST", agent, headers }, (answer) => {
      answer.resume().on("end", () => resolve({ headers: answer.headers, reused }));
    });
    const reused = request.reusedSocket;
    request.on("error", reject).end("{}");
  });
}

it("answers without naming a keep-alive time, reuses the connection, and closes it once idle", async () => {
  const server = closesIdleUnannounced(
    http.createServer((_request, response) => response.end("{}")),
    50,
  );
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  const agent = new http.Agent({ keepAlive: true });
  const first = await post(url, agent);
  expect(first.headers.connection).toBe("keep-alive");
  expect(first.headers["keep-alive"]).toBeUndefined();
  await new Promise((resolve) => setImmediate(resolve));
  expect((await post(url, agent)).reused).toBe(true);
  // Node's server closes an idle connection a second after its keep-alive time.
  const [socket] = Object.values(agent.freeSockets)[0] ?? [];
  await new Promise((resolve) => socket?.once("close", resolve));
  expect(Object.keys(agent.freeSockets)).toEqual([]);
  expect((await post(url, agent, { connection: "close" })).headers.connection).toBe("close");
  agent.destroy();
});

it("is how the engine answers", async () => {
  const engine = await startTestEngine();
  stops.push(() => engine.stop());
  const agent = new http.Agent({ keepAlive: true });
  const answer = await post(`${engine.endpoint}/`, agent, {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.ListTables",
  });
  expect(answer.headers.connection).toBe("keep-alive");
  expect(answer.headers["keep-alive"]).toBeUndefined();
  agent.destroy();
});
