// The bench's probes run in processes of their own, since core's tables and client are fixed per
// process: a TypeScript file run with tsx, with the local cloud's credentials, the region and the
// given environment. Returns what it printed.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { localCredentials } from "@dwipper/local-cloud/credentials";
import { repoRoot } from "@dwipper/local-cloud/repo-root";

const run = promisify(execFile);

export const PROBE_REGION = "us-east-1";

export async function runProbe(file: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
      path.join(repoRoot, "packages/bench/src", file),
    ],
    {
      env: {
        ...process.env,
        AWS_REGION: PROBE_REGION,
        AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
        ...env,
      },
      maxBuffer: 64 << 20,
    },
  );
  return stdout;
}
