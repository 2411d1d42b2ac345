// The reliability run's cloud: one local cloud for every test, its data on disk so the DynamoDB engine
// can be stopped and started again mid-run; a small control endpoint through which tests cause
// outages; and, at the end, the summary table (and .local/bench/reliability.json after a full run).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { budgetSettings } from "@dwipper/core/budget";
import { dynamoDbSettings, SUITE_SHARD_LIFETIME_SECONDS } from "@dwipper/local-cloud/dynamodb";
import { listenOnLocalhost } from "@dwipper/local-cloud/listen";
import { type LocalCloud, startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { scratchDir } from "@dwipper/local-cloud/scratch-dir";
import type { ResultRow } from "@dwipper/testing/results";
import type { TestProject } from "vitest/node";
import "@dwipper/testing/provided-context";
import { fullRun } from "./scale";

/** The share of committed writes whose first answer the run's engine loses. */
const LOST_ANSWER_RATE = 0.05;

let cloud: LocalCloud | undefined;
let control: Server | undefined;
let dataDir: string | undefined;
let resultsFile: string | undefined;

function startControl(target: LocalCloud): Promise<{ server: Server; url: string }> {
  const actions: Record<string, () => Promise<void>> = {
    "/dynamodb/stop": () => target.faults.stopDynamoDb(),
    "/dynamodb/start": () => target.faults.startDynamoDb(),
    "/cognito/stop": () => target.faults.stopCognito(),
    "/cognito/start": () => target.faults.startCognito(),
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

export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
  // The load is many requests from few people: budgets far above it here (their 429s have their
  // own tests), so the run measures throughput and loss, not the limiter.
  const raised = budgetSettings({ reads: 1_000_000, writes: 1_000_000, posts: 1_000_000 });
  for (const [name, value] of Object.entries(raised)) process.env[name] ??= value;
  dataDir = await scratchDir(tmpdir(), "dwipper-reliability-");
  resultsFile = path.join(dataDir, "results.jsonl");
  await writeFile(resultsFile, "");
  cloud = await startLocalCloud({
    webUrl: "http://localhost:3000",
    stage: "reliability",
    dataDir,
    // A stage for load tests, as one would be on AWS: its throttle raised to the account's default
    // quota (10,000 requests a second, bursts of 5,000), since the load is meant to exceed the
    // production stage's limits for posting. It still throttles; the load never reaches this.
    apiThrottle: { rateLimit: 10_000, burstLimit: 5_000 },
    // One committed write in twenty loses its first answer, as a connection to DynamoDB can
    // drop (ADR 0057): every count this run checks must survive the SDK sending it again.
    dynamodb: {
      lostAnswerRate: LOST_ANSWER_RATE,
      ...dynamoDbSettings(),
      shardLifetimeSeconds: SUITE_SHARD_LIFETIME_SECONDS,
    },
  });
  const started = await startControl(cloud);
  control = started.server;
  project.provide("stack", cloud.stack);
  project.provide("resourceEnvironment", cloud.resourceEnvironment);
  project.provide("faultsUrl", started.url);
  project.provide("resultsFile", resultsFile);
}

function summary(rows: ResultRow[]): string {
  const header = ["test", "tried", "passed", "lost data", "detail"];
  const lines = rows.map((row) => [
    row.test,
    String(row.tried),
    String(row.passed),
    String(row.lostData),
    row.detail ?? "",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? "").length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    format(header),
    format(widths.map((width) => "-".repeat(width))),
    ...lines.map(format),
  ].join("\n");
}

export async function teardown() {
  await new Promise((resolve) => control?.close(resolve));
  await cloud?.stop();
  if (resultsFile) {
    const rows = (await readFile(resultsFile, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ResultRow);
    console.log(`\nReliability (${fullRun ? "full" : "fast"} run)\n${summary(rows)}\n`);
    if (fullRun) {
      // Kept out of the tree, as the bench's results are: the README's table is the record.
      await mkdir(path.join(repoRoot, ".local/bench"), { recursive: true });
      await writeFile(
        path.join(repoRoot, ".local/bench/reliability.json"),
        `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
      );
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
