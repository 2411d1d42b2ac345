// A Lambda instance keeps its connections to DynamoDB open between invocations, and DynamoDB closes
// one left idle while the instance is frozen: thawed, the instance sends its next request on it and
// meets a reset (`ECONNRESET`) that says nothing of DynamoDB. The SDK tries such a request again,
// but charges the try to its retry quota, which an outage can have spent (a retry costs 14 of its
// 500 tokens, 5 after a throttle; a success gives one back), and then gives up at once. The
// handler here has agents that mark a reset met on a kept connection, Node's sign of a connection
// its server had closed, and sends such a request once more on a new connection without spending
// the quota. Every SDK client a function keeps across invocations uses it.
import http from "node:http";
import https from "node:https";
import { NodeHttpHandler, type NodeHttpHandlerOptions } from "@smithy/node-http-handler";
import type { HttpHandlerOptions } from "@smithy/types";

const onKeptConnection = Symbol("reset on a kept connection");

type AddRequest = (this: http.Agent, request: http.ClientRequest, options: object) => void;

/** Has `agent` mark the error of a request reset on a connection kept from an earlier one. */
function markingKeptConnectionResets<A extends http.Agent>(agent: A): A {
  // Looked up at each request, so whatever node:http's agents do in this process is kept.
  const prototype = http.Agent.prototype as unknown as { addRequest: AddRequest };
  Object.assign(agent, {
    addRequest(this: A, request: http.ClientRequest, options: object) {
      request.once("error", (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && error.code === "ECONNRESET") {
          Object.assign(error, { [onKeptConnection]: true });
        }
      });
      prototype.addRequest.call(this, request, options);
    },
  });
  return agent;
}

/** Agents like the SDK's own (connections kept, at most 50 an origin) that mark those resets. */
function keptConnectionAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const settings = { keepAlive: true, maxSockets: 50 };
  return {
    httpAgent: markingKeptConnectionResets(new http.Agent(settings)),
    httpsAgent: markingKeptConnectionResets(new https.Agent(settings)),
  };
}

/** Whether a request failed on a connection its server had closed before it was answered. */
function resetOnKeptConnection(error: unknown): boolean {
  return typeof error === "object" && error !== null && onKeptConnection in error;
}

/**
 * The SDK's HTTP handler for Node, that sends a try reset on a kept connection once more, at once,
 * on a new connection, before the SDK sees it: its retries, and their quota, are kept for the
 * service's own failures. Once only: a second reset is the SDK's, as any other failure. Sent
 * again, a write whose answer was lost is done again, which every write survives (ADR 0057).
 */
export class ResendsOnKeptConnections extends NodeHttpHandler {
  constructor(options: NodeHttpHandlerOptions = {}) {
    super({ ...options, ...keptConnectionAgents() });
  }
  override async handle(
    request: Parameters<NodeHttpHandler["handle"]>[0],
    options: HttpHandlerOptions = {},
  ): ReturnType<NodeHttpHandler["handle"]> {
    try {
      return await super.handle(request, options);
    } catch (error) {
      if (!resetOnKeptConnection(error)) throw error;
      return super.handle(request, options);
    }
  }
}
