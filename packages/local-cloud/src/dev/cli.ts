// `npm run dev`: the whole of Dwipper on this machine, offline. Ctrl-C (or closing the terminal)
// stops every part.
import "../quiet-sdk-notices";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { JavaMissingError } from "../dynamodb-local";
import { devDataDir, devStackFile } from "../function-environment";
import { repoRoot } from "../local-cloud";
import { PortInUseError } from "../ports";
import { SettingError } from "../settings";
import { type DevStack, startDevStack } from "./dev-stack";

function portFrom(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new PortInUseError(`${variable} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

const dataDir = devDataDir();
const stackFile = devStackFile();

/** A path as the person set it: from the repository's root when inside it, whole when not. */
function shown(place: string): string {
  const inRepo = path.relative(repoRoot, place);
  return inRepo.startsWith("..") || path.isAbsolute(inRepo) ? place : inRepo || ".";
}

// The terminal was closed: stop as for Ctrl-C. Nothing reads this process's output any more, so a
// write to it fails, and may fail before the hangup arrives: such a failure must not end the
// process before its parts are stopped, and is itself a sign that the terminal is gone. Either,
// while the stack is still starting, stops it once it has started.
let stopDev: ((why: string) => Promise<void>) | undefined;
let terminalGone: string | undefined;
function onTerminalGone(why: string) {
  terminalGone ??= why;
  void stopDev?.(why);
}
for (const output of [process.stdout, process.stderr]) {
  output.on("error", () => onTerminalGone("output closed"));
}
process.on("SIGHUP", () => onTerminalGone("SIGHUP"));

async function main() {
  const started = Date.now();
  console.log("Starting Dwipper's local cloud…");
  const ports = {
    web: portFrom("DWIPPER_WEB_PORT", 3000),
    api: portFrom("DWIPPER_API_PORT", 3001),
    dynamodb: portFrom("DWIPPER_DYNAMODB_PORT", 8000),
    cognito: portFrom("DWIPPER_COGNITO_PORT", 9229),
  };
  const devStack: DevStack = await startDevStack({ dataDir, ports, watch: true, logs: "readable" });
  const { stack } = devStack.cloud;
  await mkdir(dataDir, { recursive: true });
  await writeFile(stackFile, `${JSON.stringify(stack, null, 2)}\n`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      "",
      `Dwipper is running (ready in ${seconds} s). Data is kept in ${shown(dataDir)}/.`,
      "",
      `  Web app     ${stack.webUrl}`,
      `  Mailbox     ${stack.webUrl}/dev/mailbox/  (codes Cognito would email)`,
      `  API         ${stack.apiUrl}`,
      `  Cognito     ${stack.cognito.endpoint}  pool ${stack.cognito.userPoolId}, client ${stack.cognito.userPoolClientId}`,
      `  DynamoDB    ${stack.dynamodb.endpoint}  (${devStack.cloud.dynamoDbEngine}), tables ${Object.values(stack.dynamodb.tables).join(", ")}`,
      `  SQS         ${stack.queues.endpoint}  stream failures ${stack.queues.streamFailures.split("/").at(-1)} (npm run redrive)`,
      `  Stack file  ${shown(stackFile)}`,
      "",
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Dwipper…`);
    await rm(stackFile, { force: true });
    await devStack.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  stopDev = stop;
  if (terminalGone) void stop(terminalGone);
}

main().catch((error: unknown) => {
  if (
    error instanceof PortInUseError ||
    error instanceof JavaMissingError ||
    error instanceof SettingError
  ) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error("\nDwipper could not start:", error);
  }
  process.exit(1);
});
