// DynamoDB's wire protocol over HTTP for the engine: JSON 1.0 bodies, the operation named by
// `X-Amz-Target` (DynamoDB's and DynamoDB Streams' both), errors as `{ __type, message }` with
// status 400 or 500, and the `x-amz-crc32` checksum of every body. Signatures are not checked:
// the engine listens on localhost only.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import zlib from "node:zlib";
import type { Body } from "./dynalite";
import type { Engine } from "./engine";

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

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

export function createEngineServer(engine: Engine): Server {
  return createServer(async (req, res) => {
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
    send(res, answer.status, answer.body);
  });
}
