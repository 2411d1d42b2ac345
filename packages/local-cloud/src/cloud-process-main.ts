// The child side of cloud-process.ts: starts a local cloud with the options in its first argument,
// describes it on its description pipe, and stops it when its standard input closes (its parent
// stopped it, or is gone).
import "./quiet-sdk-notices";
import { writeSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { CloudDescription, CloudProcessOptions } from "./cloud-process";
import { DESCRIPTION_FD } from "./cloud-process";
import { listenOnLocalhost } from "./listen";
import { type LocalCloud, startLocalCloud } from "./local-cloud";

/** The outages tests may cause, each by a POST to its path. */
function serveFaults(cloud: LocalCloud): Promise<{ server: Server; url: string }> {
  const actions: Record<string, () => Promise<void>> = {
    "/dynamodb/stop": () => cloud.faults.stopDynamoDb(),
    "/dynamodb/start": () => cloud.faults.startDynamoDb(),
    "/cognito/stop": () => cloud.faults.stopCognito(),
    "/cognito/start": () => cloud.faults.startCognito(),
  };
  const server = createServer((req, res) => {
    const action = req.method === "POST" ? actions[req.url ?? ""] : undefined;
    if (!action) {
      res.writeHead(404).end();
      return;
    }
    action().then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  return listenOnLocalhost(server, 0).then((url) => ({ server, url }));
}

// Stack traces as a deployed function writes them: Lambda maps none to the source unless asked
// (the stack does not ask). tsx, which runs this file, turns the mapping on, and every error's
// stack would then be mapped through the bundles' inline source maps: the load test served 73
// requests a second that way, against 106–118 without.
process.setSourceMapsEnabled(false);
const { faults, ...options } = JSON.parse(process.argv[2] ?? "{}") as CloudProcessOptions;
const cloud = await startLocalCloud(options);
const control = faults ? await serveFaults(cloud) : undefined;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await new Promise((resolve) => (control ? control.server.close(resolve) : resolve(undefined)));
  await cloud.stop();
  process.exit(0);
}
process.stdin.on("end", () => void stop());
process.stdin.resume();

const description: CloudDescription = {
  stack: cloud.stack,
  resourceEnvironment: cloud.resourceEnvironment,
  ...(control ? { faultsUrl: control.url } : {}),
};
writeSync(DESCRIPTION_FD, `${JSON.stringify(description)}\n`);
