// DynamoDB Local as the local cloud runs it, a child process, behaves as Dwipper's engine does
// (packages/dynamodb-engine/src/process.test.ts): it goes when its parent is gone, and a Ctrl-C in
// the terminal does not stop it before its parent is done with it. Needs Java; skipped without it.
import { fileURLToPath } from "node:url";
import {
  answeredAfterInterrupt,
  endpointOfAnOrphan,
  silentWithin,
} from "@dwipper/dynamodb-engine/parent-process";
import { describe, expect, it } from "vitest";
import { javaProblem } from "../dynamodb-local";

const java = javaProblem() === undefined;
const launcherModule = fileURLToPath(new URL("../dynamodb-local.ts", import.meta.url));
const start = `import { startDynamoDbLocal } from ${JSON.stringify(launcherModule)};
const server = await startDynamoDbLocal(0, null, "us-east-1");`;

describe.skipIf(!java)("DynamoDB Local as a child process", () => {
  it("stops by itself when the process that started it dies without stopping it", async () => {
    const endpoint = await endpointOfAnOrphan(start);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await silentWithin(endpoint ?? "", 20_000)).toBe(true);
  });

  it("keeps answering when a Ctrl-C reaches its parent's process group, until the parent stops it", async () => {
    expect(await answeredAfterInterrupt(start)).toBe(true);
  });
});
