// The engine as a process of its own (so that tests can stop and start it like a real outage):
// `tsx cli.ts --port 0 [--data-dir DIR] [--read-lag-ms N] [--partition-write-units N]
// [--partition-read-units N] [--stream-shards N] [--shard-lifetime-seconds N]
// [--shard-reads-per-second N] [--describe-streams-per-second N]
// [--lost-answer-rate R] [--ttl-sweep-ms N]`. It listens on localhost, prints `{"port":N}` on its first line once it
// answers, and stops on SIGTERM or when the process that started it is gone.
import { parseArgs } from "node:util";
import { Engine } from "./engine";
import { createEngineServer } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "data-dir": { type: "string" },
    "read-lag-ms": { type: "string", default: "0" },
    "partition-write-units": { type: "string", default: "0" },
    "partition-read-units": { type: "string", default: "0" },
    "stream-shards": { type: "string", default: "1" },
    "shard-lifetime-seconds": { type: "string", default: "0" },
    "shard-reads-per-second": { type: "string", default: "0" },
    "describe-streams-per-second": { type: "string", default: "0" },
    "lost-answer-rate": { type: "string", default: "0" },
    "ttl-sweep-ms": { type: "string" },
    region: { type: "string", default: "us-east-1" },
  },
});

const engine = await Engine.open({
  ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  readLagMs: Number(values["read-lag-ms"]),
  partitionWriteUnits: Number(values["partition-write-units"]),
  partitionReadUnits: Number(values["partition-read-units"]),
  streamShards: Number(values["stream-shards"]),
  shardLifetimeSeconds: Number(values["shard-lifetime-seconds"]),
  shardReadsPerSecond: Number(values["shard-reads-per-second"]),
  describeStreamsPerSecond: Number(values["describe-streams-per-second"]),
  lostAnswerRate: Number(values["lost-answer-rate"]),
  ...(values["ttl-sweep-ms"] ? { ttlSweepMs: Number(values["ttl-sweep-ms"]) } : {}),
  region: values.region,
});
const server = createEngineServer(engine);
server.on("error", (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
server.listen(Number(values.port), "localhost", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : Number(values.port);
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await engine.close().catch(() => undefined);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// A parent that died without stopping the engine (a crashed test run) leaves it nobody to serve.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1_000).unref();
