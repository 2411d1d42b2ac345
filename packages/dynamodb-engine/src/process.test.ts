// The engine as a child process: it stops when told, on its own when its parent is gone, and not
// before its parent is done with it when a Ctrl-C reaches the parent's whole process group.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { answeredAfterInterrupt, endpointOfAnOrphan, silentWithin } from "./parent-process";

const processModule = fileURLToPath(new URL("./process.ts", import.meta.url));
const start = `import { startEngineProcess } from ${JSON.stringify(processModule)};
const server = await startEngineProcess({ port: 0 });`;

it("stops by itself when the process that started it dies without stopping it", {
  timeout: 30_000,
}, async () => {
  // It answered while its parent lived...
  const endpoint = await endpointOfAnOrphan(start);
  expect(endpoint).toMatch(/^http:\/\/localhost:\d+$/);
  // ...and is gone soon after the parent.
  expect(await silentWithin(endpoint ?? "", 10_000)).toBe(true);
});

it("keeps answering when a Ctrl-C reaches its parent's process group, until the parent stops it", {
  timeout: 30_000,
}, async () => {
  expect(await answeredAfterInterrupt(start)).toBe(true);
});
