// DynamoDB's wire protocol over HTTP for the engine: JSON 1.0 bodies, the operation named by
// `X-Amz-Target` (DynamoDB's and DynamoDB Streams' both), errors as `{ __type, message }` with
// status 400 or 500, and the `x-amz-crc32` checksum of every body. Signatures are not checked:
// the engine listens on localhost only. When told to, it loses the answer to a share of the writes
// it commits (the connection closes instead), as a network can between a function and DynamoDB:
// only a first try of a client that will try again (the SDK says which in `amz-sdk-request`), so
// the retry finds its own write done and must not do it twice (ADR 0057). Like DynamoDB, it
// closes an idle connection without having named a time for it (idle-connections.ts).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { Body } from "./dynalite";
import type { Engine } from "./engine";
import { closesIdleUnannounced, IDLE_CONNECTION_MS } from "./idle-connections";

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The operations that change items, whose answers can be lost after they commit. */
const writes = new Set([
  "DynamoDB_20120810.PutItem",
  "DynamoDB_20120810.UpdateItem",
  "DynamoDB_20120810.DeleteItem",
  "DynamoDB_20120810.BatchWriteItem",
  "DynamoDB_20120810.TransactWriteItems",
]);

/** Whether the request is a client's first try of one it will try again if this one fails. */
function firstOfRetries(req: IncomingMessage): boolean {
  const tries = /attempt=(\d+);\s*max=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""));
  return tries?.[1] === "1" && Number(tries[2]) > 1;
}

function send(res: ServerResponse, status: number, body: Body): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/x-amz-json-1.0");
  res.setHeader("x-amzn-requestid", randomBytes(26).toString("hex").toUpperCase());
  const crc32 = (zlib as { crc32?: (data: string) => number }).crc32;
  if (crc32) res.setHeader("x-amz-crc32", String(crc32(text)));
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The engine's HTTP server; it closes a connection idle for `idleMs` (AWS-like, by default). */
export function createEngineServer(engine: Engine, idleMs = IDLE_CONNECTION_MS): Server {
  const server = createServer(async (req, res) => {
    if (req.method === "GET") {
      res.end("healthy: dynamodb.us-east-1.amazonaws.com ");
      return;
    }
    const text = await readBody(req);
    if (text === undefined) {
      res.statusCode = 413;
      res.end();
      return;
    }
    let input: Body;
    try {
      input = JSON.parse(text || "null") as Body;
      if (typeof input !== "object" || input === null) throw new Error("not an object");
    } catch {
      send(res, 400, { __type: "com.amazon.coral.service#SerializationException" });
      return;
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const answer = await engine.handle(target, input);
    if (
      answer.status === 200 &&
      writes.has(target) &&
      engine.lostAnswerRate > 0 &&
      firstOfRetries(req) &&
      Math.random() < engine.lostAnswerRate
    ) {
      // Committed, and the answer never arrives: the client sees the connection reset.
      req.socket.destroy();
      return;
    }
    send(res, answer.status, answer.body);
  });
  return closesIdleUnannounced(server, idleMs);
}
