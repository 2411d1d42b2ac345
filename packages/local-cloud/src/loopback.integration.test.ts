// Every server of the local cloud listens on loopback only: from any other address of this machine
// (what a neighbour on the developer's network would reach) nothing answers. None of them asks for
// credentials a stranger would lack, so this is what keeps the data to the developer.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { expect, inject, it } from "vitest";

const stack = inject("stack");

/** This machine's addresses other than loopback (link-local IPv6 needs a zone: left out). */
const outward = Object.values(networkInterfaces())
  .flat()
  .filter((entry) => entry !== undefined && !entry.internal && !entry.address.startsWith("fe80"))
  .map((entry) => entry?.address ?? "");

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

it.skipIf(outward.length === 0)(
  "answers on loopback, and on no other address of the machine",
  async () => {
    const servers = {
      "the API": stack.apiUrl,
      Cognito: stack.cognito.endpoint,
      DynamoDB: stack.dynamodb.endpoint,
      SQS: stack.queues.endpoint,
    };
    for (const [what, url] of Object.entries(servers)) {
      const port = Number(new URL(url).port);
      expect(await reachable("localhost", port), `${what} on loopback`).toBe(true);
      for (const address of outward) {
        expect(await reachable(address, port), `${what} on ${address}`).toBe(false);
      }
    }
  },
);
