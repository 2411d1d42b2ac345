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

let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dwipper-cold-"));
  server = createServer(await localhostCertificate(), (_req, res) => res.end("{}"));
  url = await listenOnLocalhost(server, 0, "https");
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe("measureColdStarts", () => {
  it("counts each new connection once, ready when its TLS handshake is done, and every request", async () => {
    // A handler that asks twice, one after the other, over one kept-alive connection.
    const file = path.join(dir, "handler.mjs");
    await writeFile(
      file,
      `import { Agent, get } from "node:https";
const agent = new Agent({ keepAlive: true });
const ask = (url) => new Promise((resolve, reject) =>
  get(url, { agent }, (res) => { res.resume(); res.on("end", resolve); }).on("error", reject));
export const handler = async (event) => {
  await ask(event.url + "/first");
  await ask(event.url + "/second");
  agent.destroy();
  return { statusCode: 200 };
};
`,
    );
    const [cold] = await measureColdStarts(
      [{ file, event: { url } }],
      { ...process.env, NODE_EXTRA_CA_CERTS: await localhostCertificateFile() },
      1,
    );
    expect(cold?.requests.map((request) => request.what)).toEqual(["GET /first", "GET /second"]);
    expect(cold?.connections).toBe(1);
    expect(cold?.slowestConnectMs).toBeGreaterThan(0);
    expect(cold?.total).toBeGreaterThanOrEqual(cold?.imported ?? Number.POSITIVE_INFINITY);
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
