// Two local clouds started by one process, each in a process of its own, as one test run starts the
// integration suite's beside the reliability suite's: each one's functions use its own tables (in
// one process, the cloud started second overwrote the first one's environment, and the first one's
// functions wrote into the second one's tables). And a cloud's process never outlives its parent.
import path from "node:path";
import { endpointOfAnOrphan, silentWithin } from "@dwipper/dynamodb-engine/parent-process";
import { callApi, createUser } from "@dwipper/testing/users";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type CloudProcess, startCloudProcess } from "./cloud-process";

let clouds: CloudProcess[] = [];

beforeAll(async () => {
  clouds = await Promise.all(
    ["first", "second"].map((stage) =>
      startCloudProcess({ webUrl: "http://localhost:3000", stage: `process-${stage}` }),
    ),
  );
}, 60_000);

afterAll(() => Promise.all(clouds.map((cloud) => cloud.stop())));

// The first requests to two fresh clouds, every function in them cold: 1–6 s in most runs beside
// another stack, 17 s once, so it has twice the suite's usual timeout.
it("keeps each cloud's functions on its own tables", { timeout: 60_000 }, async () => {
  const [first, second] = clouds;
  if (!first || !second) throw new Error("Both clouds should have started.");
  expect(first.resourceEnvironment.SST_RESOURCE_Dwipps).not.toBe(
    second.resourceEnvironment.SST_RESOURCE_Dwipps,
  );
  for (const [own, other] of [
    [first, second],
    [second, first],
  ] as const) {
    const author = await createUser(own.stack, "Author");
    const posted = await callApi(own.stack, "POST", "/dwipps", {
      token: author.idToken,
      body: { content: "Which cloud am I in?" },
    });
    expect(posted.status).toBe(201);
    const { id } = posted.json as { id: string };
    expect((await callApi(own.stack, "GET", `/dwipps/${id}`)).status).toBe(200);
    expect((await callApi(other.stack, "GET", `/dwipps/${id}`)).status).toBe(404);
  }
});

it("stops a cloud whose parent process dies without stopping it", async () => {
  const module = path.join(import.meta.dirname, "cloud-process.ts");
  const endpoint = await endpointOfAnOrphan(`
const { startCloudProcess } = await import(${JSON.stringify(module)});
const cloud = await startCloudProcess({ webUrl: "http://localhost:3000", stage: "orphan" });
const server = { endpoint: cloud.stack.apiUrl, stop: () => cloud.stop() };`);
  expect(endpoint).toBeDefined();
  expect(await silentWithin(endpoint ?? "", 15_000)).toBe(true);
}, 60_000);
