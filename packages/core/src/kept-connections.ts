// A Lambda instance keeps its connections to DynamoDB open between invocations, and DynamoDB closes
// one left idle while the instance is frozen: thawed, the instance sends its next request on it and
// meets a reset (`ECONNRESET`) that says nothing of DynamoDB. The SDK tries such a request again,
// but charges the try to its retry quota, which an outage can have spent (a retry of an unanswered
// request costs 14 of 500), and then gives up at once. These agents mark a reset met on a kept
// connection, Node's sign of a connection its server had closed, so the request can be sent once
// more on a new connection without spending the quota.
import http from "node:http";
import https from "node:https";

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
export function keptConnectionAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const settings = { keepAlive: true, maxSockets: 50 };
  return {
    httpAgent: markingKeptConnectionResets(new http.Agent(settings)),
    httpsAgent: markingKeptConnectionResets(new https.Agent(settings)),
  };
}

/** Whether a request failed on a connection its server had closed before it was answered. */
export function resetOnKeptConnection(error: unknown): boolean {
  return typeof error === "object" && error !== null && onKeptConnection in error;
}
