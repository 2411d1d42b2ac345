// The whole app on one machine: the local cloud plus the Next.js dev server configured to use it.
// `npm run dev` runs it with the data folder `.local/` and the default ports; the e2e suite runs
// it with a throwaway folder and free ports.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { publicConfigEnvironment } from "@dwipper/site/public-config";
import { securityHeaders } from "@dwipper/site/security-headers";
import {
  type LocalCloud,
  type LocalCloudOptions,
  repoRoot,
  type StackInfo,
  startLocalCloud,
} from "../local-cloud";
import { checkPorts } from "../ports";
import { startWebFront, type WebFront } from "./web-front";

export interface DevStackOptions
  extends Pick<
    LocalCloudOptions,
    "dataDir" | "watch" | "stage" | "tokenValiditySeconds" | "extraWebOrigins" | "logs"
  > {
  ports?: LocalCloudOptions["ports"] & { web?: number };
  /** Next's build folder, so that two dev servers of the same app can run at once. */
  nextDistDir?: string;
  /** Pages to request once before returning, so the dev server has compiled them. */
  warmPaths?: string[];
  /** Where Next's output goes; by default, lines prefixed with [web] on stderr. */
  onWebOutput?: (line: string) => void;
}

export interface DevStack {
  cloud: LocalCloud;
  stop(): Promise<void>;
}

/** The web app's build settings (public-config.ts) that point it at the local cloud. */
export function webEnvironment(stack: StackInfo): Record<string, string> {
  return publicConfigEnvironment({
    apiUrl: stack.apiUrl,
    userPoolId: stack.cognito.userPoolId,
    userPoolClientId: stack.cognito.userPoolClientId,
    cognitoEndpoint: stack.cognito.endpoint,
    mailboxUrl: stack.mailboxUrl,
  });
}

/** The port Next.js reports in its "Local:" line, once it listens (it chooses it itself). */
export function nextPortIn(line: string): number | undefined {
  const match = /Local:\s+https?:\/\/[^\s:]+:(\d+)/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/**
 * Whether a line of Next.js's output is worth showing. Its "Local:" and "Network:" lines name the
 * dev server behind the web front: opened directly, the app has none of the front's headers and
 * its API calls are refused (the API admits the front's origin), so the only address printed is
 * the front's.
 */
export function showsWebLine(line: string): boolean {
  // A line of terminal control alone (Next.js shows the cursor again as it exits) says nothing.
  const visible = stripVTControlCharacters(line);
  return visible.trim() !== "" && !/^\s*-\s*(Local|Network):/.test(visible);
}

function startNext(
  cloud: LocalCloud,
  options: DevStackOptions,
): { child: ChildProcess; port: Promise<number> } {
  const require = createRequire(import.meta.url);
  const nextBin = require.resolve("next/dist/bin/next", {
    paths: [path.join(repoRoot, "apps/web")],
  });
  const { stack } = cloud;
  const child = spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(path.join(import.meta.dirname, "exit-with-parent.mjs")).href,
      nextBin,
      "dev",
      path.join(repoRoot, "apps/web"),
      "--port",
      "0",
      "--hostname",
      "localhost",
    ],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        ...webEnvironment(stack),
        ...(options.nextDistDir ? { NEXT_DIST_DIR: options.nextDistDir } : {}),
      },
    },
  );
  const print = options.onWebOutput ?? ((line: string) => process.stderr.write(`[web] ${line}\n`));
  let reportPort: (port: number) => void = () => {};
  const port = new Promise<number>((resolve, reject) => {
    reportPort = resolve;
    child.once("exit", (code) =>
      reject(new Error(`The Next.js dev server exited (code ${code}) before it listened.`)),
    );
  });
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const listening = nextPortIn(line);
        if (listening) reportPort(listening);
        if (showsWebLine(line)) print(line);
      }
    });
  }
  return { child, port };
}

async function waitForWeb(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The Next.js dev server exited (code ${child.exitCode}).`);
    try {
      // The first request also compiles the page, so the first visit is quick.
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("The Next.js dev server did not answer within 3 minutes.");
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const pid = child.pid as number;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal); // the whole group: Next starts workers of its own
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    kill("SIGTERM");
  });
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const [webPort] = await checkPorts([
    { port: options.ports?.web ?? 0, what: "the web app", variable: "DWIPPER_WEB_PORT" },
  ]);
  // The front listens first: its address is the web origin the API admits.
  const front: WebFront = await startWebFront(webPort);
  const webUrl = front.url;
  let cloud: LocalCloud | undefined;
  let next: ChildProcess | undefined;
  try {
    cloud = await startLocalCloud({ ...options, webUrl });
    const started = startNext(cloud, options);
    next = started.child;
    front.forwardTo(
      await started.port,
      securityHeaders({
        apiUrl: cloud.stack.apiUrl,
        cognitoUrl: cloud.stack.cognito.endpoint,
        development: true,
      }),
    );
    await waitForWeb(`${webUrl}/login/`, next);
    for (const page of options.warmPaths ?? []) await fetch(new URL(page, webUrl));
  } catch (error) {
    front.server.close();
    if (next) await stopChild(next);
    await cloud?.stop();
    throw error;
  }
  const web = next;
  const running = cloud;
  return {
    cloud: running,
    async stop() {
      front.server.close();
      front.server.closeAllConnections();
      await stopChild(web);
      await running.stop();
    },
  };
}
