// Every server of the local cloud listens on loopback only: from any other address of this machine
// (what a neighbour on the developer's network would reach) nothing answers. None of them asks for
// credentials a stranger would lack, so this is what keeps the data to the developer.

import { outwardAddresses as outward, reachable } from "@dwipper/testing/addresses";
import { expect, inject, it } from "vitest";

const stack = inject("stack");

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
