// A local cloud in a process of its own. The cloud's functions run in its process and read that
// process's environment, as a Lambda function reads its own; two clouds started in one process
// would each overwrite the other's (their tables, pool and endpoints), so a suite or a tool that
// runs beside another cloud starts its cloud here. The child describes itself on a pipe of its
// own and runs until that pipe's other end closes, so it never outlives its parent.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import type { LocalCloudOptions, StackInfo } from "./local-cloud";
import { repoRoot } from "./repo-root";

/** What the child says of itself once its cloud is up: one JSON line. */
export interface CloudDescription {
  stack: StackInfo;
  resourceEnvironment: Record<string, string>;
}

export interface CloudProcess extends CloudDescription {
  /** Stops the cloud, and resolves once its process has exited. */
  stop(): Promise<void>;
}

const tsx = createRequire(import.meta.url).resolve("tsx");

/** The file descriptor on which the child describes itself (0–2 are its standard streams). */
export const DESCRIPTION_FD = 3;

/**
 * Starts a local cloud in a child process, with `environment` added to this process's (settings
 * its functions read, such as the budgets), and resolves with its description.
 */
export async function startCloudProcess(
  options: LocalCloudOptions,
  environment: Record<string, string> = {},
): Promise<CloudProcess> {
  const child = spawn(
    process.execPath,
    // tsx as a loader, not its CLI, which would run the module in a further process that does
    // not have the description pipe.
    [
      "--import",
      tsx,
      path.join(repoRoot, "packages/local-cloud/src/cloud-process-main.ts"),
      JSON.stringify(options),
    ],
    { stdio: ["pipe", "inherit", "inherit", "pipe"], env: { ...process.env, ...environment } },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const stdin = child.stdin as Writable;
  const described = child.stdio[DESCRIPTION_FD] as Readable;
  let text = "";
  described.setEncoding("utf8");
  const description = await new Promise<CloudDescription>((resolve, reject) => {
    described.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) resolve(JSON.parse(text.slice(0, end)) as CloudDescription);
    });
    void exited.then((code) =>
      reject(new Error(`A local cloud's process exited (${code}) before it described itself.`)),
    );
  });
  return {
    ...description,
    stop: async () => {
      stdin.end();
      await exited;
    },
  };
}
