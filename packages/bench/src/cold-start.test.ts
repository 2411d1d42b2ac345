// The cold-start probe counts what a cold start waits for: each request, and each new connection
// once it is ready (over TLS, once its handshake is done), and passes a handler's answer back.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { listenOnLocalhost } from "@dwipper/local-cloud/listen";
import {
  localhostCertificate,
  localhostCertificateFile,
} from "@dwipper/local-cloud/local-certificate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureClientCreation, measureColdStarts } from "./cold-start";

/** Keeps the thread busy for `ms`. */
function spin(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dwipper-cold-"));
  server = createServer(await localhostCertificate(), (req, res) => {
    // Asked to, the server works before it answers, as an engine would.
    if (req.url === "/slow") spin(40);
    res.end("{}");
  });
  url = await listenOnLocalhost(server, 0, "https");
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/**
 * One measured cold start of a handler whose body (`asking`) may `await ask(url)` over one
 * kept-alive connection to the test's server, whose busy time is measured too.
 */
async function coldStartOf(name: string, asking: string) {
  const file = path.join(dir, name);
  await writeFile(
    file,
    `import { Agent, get } from "node:https";
const agent = new Agent({ keepAlive: true });
const ask = (url) => new Promise((resolve, reject) =>
  get(url, { agent }, (res) => { res.resume(); res.on("end", resolve); }).on("error", reject));
export const handler = async (event) => {
  ${asking}
  agent.destroy();
  return { statusCode: 200 };
};
`,
  );
  const [cold] = await measureColdStarts(
    [{ file, event: { url } }],
    { ...process.env, NODE_EXTRA_CA_CERTS: await localhostCertificateFile() },
    1,
    server,
  );
  return cold;
}

describe("measureColdStarts", () => {
  it("counts each new connection once, ready when its TLS handshake is done, and every request", async () => {
    // A handler that asks twice, one after the other, over one kept-alive connection.
    const cold = await coldStartOf(
      "handler.mjs",
      `await ask(event.url + "/first");
  await ask(event.url + "/second");`,
    );
    expect(cold?.requests.map((request) => request.what)).toEqual(["GET /first", "GET /second"]);
    expect(cold?.connections).toBe(1);
    expect(cold?.slowestConnectMs).toBeGreaterThan(0);
    expect(cold?.total).toBeGreaterThanOrEqual(cold?.imported ?? Number.POSITIVE_INFINITY);
  });

  it("tells how long each side's thread ran while the requests were out", async () => {
    // The handler works 60 ms between its two requests; the server works 40 ms on the second.
    const cold = await coldStartOf(
      "busy-handler.mjs",
      `await ask(event.url + "/first");
  const until = performance.now() + 60;
  while (performance.now() < until) {}
  await ask(event.url + "/slow");`,
    );
    expect(cold?.busy?.active).toBeGreaterThanOrEqual(60);
    expect(cold?.busy?.total).toBeGreaterThanOrEqual(cold?.busy?.active ?? Number.NaN);
    expect(cold?.serverBusy?.active).toBeGreaterThanOrEqual(40);
    // The server waited on the handler's 60 ms of work in between.
    expect(cold?.serverBusy?.total).toBeGreaterThanOrEqual(100);
  });

  it("takes the client's creation time from what the measuring module answers", async () => {
    const file = path.join(dir, "creation.mjs");
    await writeFile(
      file,
      `export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ creationMs: 1.5 }) });\n`,
    );
    expect(await measureClientCreation(file, process.env, 1)).toBe(1.5);
  });
});
