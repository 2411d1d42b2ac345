// The bench's TLS forwarder answers as the plain origin behind it does, over TLS and HTTP/1.1 only.
import { createServer } from "node:http";
import { request } from "node:https";
import type { Server } from "node:net";
import { connect } from "node:tls";
import { listenOnLocalhost } from "@dwipper/local-cloud/listen";
import { localhostCertificate } from "@dwipper/local-cloud/local-certificate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tlsFront } from "./tls-front";

let plain: Server;
let front: { server: Server; url: string };

beforeAll(async () => {
  // An origin that tells what it was asked.
  plain = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      res.writeHead(req.method === "POST" ? 201 : 200, {
        "content-type": "application/json",
        "access-control-allow-origin": String(req.headers.origin),
      });
      res.end(
        JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body }),
      );
    });
  });
  front = await tlsFront(await listenOnLocalhost(plain, 0));
});

afterAll(async () => {
  await new Promise((resolve) => front.server.close(resolve));
  await new Promise((resolve) => plain.close(resolve));
});

async function ask(method: string, path: string, body?: string) {
  const ca = (await localhostCertificate()).cert;
  return new Promise<{
    status: number;
    headers: Record<string, unknown>;
    json: unknown;
  }>((resolve, reject) => {
    const req = request(
      `${front.url}${path}`,
      { method, ca, headers: { authorization: "Bearer t", origin: "https://localhost:1" } },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(text),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("tlsFront", () => {
  it("answers over TLS what the plain origin answers, for the same method, path, headers and body", async () => {
    expect(front.url).toMatch(/^https:\/\/localhost:\d+$/);
    const read = await ask("GET", "/dwipps?limit=5");
    expect(read.status).toBe(200);
    expect(read.json).toEqual({
      method: "GET",
      url: "/dwipps?limit=5",
      auth: "Bearer t",
      body: "",
    });
    expect(read.headers["access-control-allow-origin"]).toBe("https://localhost:1");

    const written = await ask("POST", "/dwipps", '{"content":"hi"}');
    expect(written.status).toBe(201);
    expect(written.json).toMatchObject({ method: "POST", body: '{"content":"hi"}' });
  });

  it("speaks HTTP/1.1 only, as nothing more is assumed of API Gateway", async () => {
    const ca = (await localhostCertificate()).cert;
    const { port } = new URL(front.url);
    const agreed = await new Promise<string | false | null>((resolve, reject) => {
      const socket = connect(
        { host: "localhost", port: Number(port), ca, ALPNProtocols: ["h2", "http/1.1"] },
        () => {
          resolve(socket.alpnProtocol);
          socket.end();
        },
      );
      socket.on("error", reject);
    });
    expect(agreed).not.toBe("h2");
  });
});
