// Starts the engine in a child process and waits until it answers: the local cloud's way to run
// it. The child chooses its own port when given 0 and reports it, so no other server can take the
// port between choosing and listening.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface EngineProcessOptions {
  /** 0: any free port. */
  port: number;
  /** Where tables and streams are kept; omitted: in memory. */
  dataDir?: string;
  readLagMs?: number;
  partitionWriteUnits?: number;
  partitionReadUnits?: number;
  streamShards?: number;
  shardLifetimeSeconds?: number;
  shardReadsPerSecond?: number;
  describeStreamsPerSecond?: number;
  lostAnswerRate?: number;
  ttlSweepMs?: number;
  region?: string;
}

export interface EngineProcess {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");

export class EnginePortInUseError extends Error {}

export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const args = [
    "--import",
    tsx,
    cli,
    "--port",
    String(options.port),
    ...(options.dataDir ? ["--data-dir", options.dataDir] : []),
    ...(options.readLagMs ? ["--read-lag-ms", String(options.readLagMs)] : []),
    ...(options.partitionWriteUnits
      ? ["--partition-write-units", String(options.partitionWriteUnits)]
      : []),
    ...(options.partitionReadUnits
      ? ["--partition-read-units", String(options.partitionReadUnits)]
      : []),
    ...(options.streamShards ? ["--stream-shards", String(options.streamShards)] : []),
    ...(options.shardLifetimeSeconds
      ? ["--shard-lifetime-seconds", String(options.shardLifetimeSeconds)]
      : []),
    ...(options.shardReadsPerSecond
      ? ["--shard-reads-per-second", String(options.shardReadsPerSecond)]
      : []),
    ...(options.describeStreamsPerSecond
      ? ["--describe-streams-per-second", String(options.describeStreamsPerSecond)]
      : []),
    ...(options.lostAnswerRate ? ["--lost-answer-rate", String(options.lostAnswerRate)] : []),
    ...(options.ttlSweepMs !== undefined ? ["--ttl-sweep-ms", String(options.ttlSweepMs)] : []),
    ...(options.region ? ["--region", options.region] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" },
    // In a process group of its own: a Ctrl-C in the terminal signals the whole foreground group,
    // and the engine must outlive what its parent still has to stop cleanly (the stream's pollers
    // finishing a delivery). The parent stops it last; a parent that is gone stops it anyway (cli.ts).
    detached: true,
  });
  let errors = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    errors += chunk;
    if (errors.length > 20_000) errors = errors.slice(-10_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
      const line = output.split("\n")[0];
      if (output.includes("\n") && line) {
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch {
          reject(new Error(`The DynamoDB engine printed ${line}`));
        }
      }
    });
    child.once("exit", (code) => {
      const message = /EADDRINUSE/.test(errors)
        ? new EnginePortInUseError(
            `Port ${options.port} for the DynamoDB engine is already in use.`,
          )
        : new Error(`The DynamoDB engine exited (code ${code}) while starting:\n${errors}`);
      reject(message);
    });
  });
  child.stdout?.resume();
  return {
    endpoint: `http://localhost:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM lets the requests under way finish (a transaction is never cut in half); only a
      // stop that hangs is killed, which could leave one half written.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
