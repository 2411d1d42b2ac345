// `npm run bench`: Dwipper's performance figures on this machine, each beside a baseline measured
// in the same run, as ratios (absolute times on a shared machine are noise). Prints one table and
// writes bench/results.json. Not a test: it fails only when it could not measure.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dwippKey, favoriteKey, feedPartition, indexes, upvoteKey } from "@dwipper/core/keys";
import { routes, streamSubscribers } from "@dwipper/functions/routes";
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import { webEnvironment } from "@dwipper/local-cloud/dev/dev-stack";
import { SEED_PASSWORD, seed, seedEmail, seedPeople } from "@dwipper/local-cloud/dev/seed";
import { serveStaticSite } from "@dwipper/local-cloud/dev/static-site";
import { buildWebApp, webBuildDir } from "@dwipper/local-cloud/dev/web-build";
import { startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { securityHeaders } from "@dwipper/site/security-headers";
import { bundleFunction } from "./bundle";
import { measureLighthouse } from "./lighthouse";
import { measurePageWeight } from "./page-weight";
import { measureReadCost } from "./read-cost";

const run = promisify(execFile);

interface Row {
  id: string;
  what: string;
  value: number;
  baseline: number;
  unit: string;
  /** The ratio value / baseline must be at most this (or at least, for `atLeast`). */
  target: number;
  atLeast?: boolean;
}

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function apiEvent(actor: { id: string; name: string }, rawPath: string) {
  return apiGatewayEvent({
    method: "GET",
    routePath: rawPath,
    claims: { sub: actor.id, name: actor.name, token_use: "id" },
  });
}

/** Import and first invocation in a fresh Node process, in milliseconds. */
async function coldStart(file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<number> {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(`file://${file}`)});const r=await m.handler(${JSON.stringify(event)},{});if(r.statusCode!==200)throw new Error("status "+r.statusCode);console.log(performance.now()-t);`;
  // Logging as on AWS (a JSON line and metrics for the request), so their cost is in the figure.
  const { POWERTOOLS_METRICS_DISABLED: _, POWERTOOLS_DEV: __, ...rest } = env;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...rest, POWERTOOLS_LOG_LEVEL: "INFO" },
  });
  return Number(stdout.trim().split("\n").at(-1));
}

async function main() {
  const rows: Row[] = [];
  // The site for P6 listens first, so its origin is the one the API admits.
  const siteHeaders: Record<string, string> = {};
  const site = await serveStaticSite(webBuildDir, 0, siteHeaders);
  const cloud = await startLocalCloud({
    webUrl: site.url,
    stage: "bench",
    // A benchmark stage, as one would be on AWS: throttled at the account's default quota rather
    // than the production stage's route throttles, which the throughput figures exceed.
    apiThrottle: { rateLimit: 10_000, burstLimit: 5_000 },
  });
  try {
    const env = { ...process.env, ...cloud.resourceEnvironment };
    Object.assign(process.env, cloud.resourceEnvironment);
    console.log("Seeding 1,000 Dwipps…");
    await seed(cloud.stack, 1_000);
    const actor = { id: "bench-reader", name: "Bench Reader" };

    // P1: bundle sizes.
    const baseline = await bundleFunction(
      path.join(repoRoot, "packages/bench/src/baseline-handler.ts"),
      "baseline",
    );
    const functions = await Promise.all(
      [...routes, ...streamSubscribers].map(async (definition) => ({
        definition,
        bundle: await bundleFunction(
          path.join(repoRoot, "packages/functions/src", `${definition.file}.ts`),
          definition.file.replace("/", "-"),
        ),
      })),
    );
    for (const { definition, bundle } of functions) {
      rows.push({
        id: "P1",
        what: `bundle ${definition.file}`,
        value: bundle.bytes,
        baseline: baseline.bytes,
        unit: "bytes",
        target: 1.15,
      });
    }

    // P2: cold start of the feed function and of the baseline, median of 11 fresh processes.
    const feed = functions.find((entry) => entry.definition.file === "http/list-feed");
    if (!feed) throw new Error("No feed function in the route table.");
    const baselineEvent = {
      table: cloud.stack.dynamodb.tables.dwipps,
      key: dwippKey("none"),
    };
    const cold: number[] = [];
    const coldBase: number[] = [];
    for (let i = 0; i < 11; i++) {
      cold.push(await coldStart(feed.bundle.file, apiEvent(actor, "/dwipps"), env));
      coldBase.push(await coldStart(baseline.file, baselineEvent, env));
    }
    rows.push({
      id: "P2",
      what: "cold start: import + first feed page",
      value: median(cold),
      baseline: median(coldBase),
      unit: "ms",
      target: 1.2,
    });

    // P3: a warm feed page through the handler vs the bare DynamoDB calls that page needs.
    const handler = (
      (await import(`file://${feed.bundle.file}`)) as {
        handler: (
          event: unknown,
          context: unknown,
        ) => Promise<{ statusCode: number; body: string }>;
      }
    ).handler;
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const tables = cloud.stack.dynamodb.tables;
    const { FEED_SHARDS } = (await import("@dwipper/core")).Dwipp;
    async function barePage() {
      const shards = await Promise.all(
        Array.from({ length: FEED_SHARDS }, (_, shard) =>
          doc.send(
            new QueryCommand({
              TableName: tables.dwipps,
              IndexName: indexes.dwipps.feed,
              KeyConditionExpression: "gsi1pk = :shard",
              ExpressionAttributeValues: { ":shard": feedPartition(shard) },
              ScanIndexForward: false,
              Limit: 21,
            }),
          ),
        ),
      );
      const ids = shards
        .flatMap((result) => result.Items ?? [])
        .sort((a, b) => String(b.gsi1sk).localeCompare(String(a.gsi1sk)))
        .slice(0, 20)
        .map((item) => String(item.id));
      await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tables.dwipps]: {
              Keys: ids.map((id) => upvoteKey(id, actor.id)),
            },
            [tables.favorites]: {
              Keys: ids.map((id) => favoriteKey(actor.id, id)),
            },
          },
        }),
      );
    }
    const warm: number[] = [];
    const warmBase: number[] = [];
    for (let i = 0; i < 220; i++) {
      let t = performance.now();
      const response = await handler(apiEvent(actor, "/dwipps"), {});
      if (response.statusCode !== 200) throw new Error(`feed answered ${response.statusCode}`);
      if (i >= 20) warm.push(performance.now() - t);
      t = performance.now();
      await barePage();
      if (i >= 20) warmBase.push(performance.now() - t);
    }
    rows.push(
      {
        id: "P3",
        what: "warm feed page of 20, median",
        value: median(warm),
        baseline: median(warmBase),
        unit: "ms",
        target: 1.3,
      },
      {
        id: "P3",
        what: "warm feed page of 20, p95",
        value: percentile(warm, 95),
        baseline: percentile(warmBase, 95),
        unit: "ms",
        target: 1.3,
      },
    );
    doc.destroy();

    // P6: Lighthouse on the signed-in feed, the production build served as CloudFront would.
    console.log("Building the web app for Lighthouse…");
    buildWebApp(webEnvironment(cloud.stack));
    Object.assign(
      siteHeaders,
      securityHeaders({ apiUrl: cloud.stack.apiUrl, cognitoUrl: cloud.stack.cognito.endpoint }),
    );
    const reader = seedPeople[0] ?? "";
    const lighthouseRuns = await measureLighthouse(
      site.url,
      { email: seedEmail(reader), password: SEED_PASSWORD },
      3,
    );
    rows.push(
      {
        id: "P6",
        what: "Lighthouse performance score of / (signed in, 1k Dwipps), median of 3",
        value: median(lighthouseRuns.map((run) => run.score)),
        baseline: 100,
        unit: "points",
        target: 0.95,
        atLeast: true,
      },
      {
        id: "P6",
        what: "Largest Contentful Paint of / vs the 'good' threshold, median of 3",
        value: median(lighthouseRuns.map((run) => run.lcpMs)),
        baseline: 2_500,
        unit: "ms",
        target: 0.4,
      },
    );
  } finally {
    await new Promise((resolve) => site.server.close(resolve));
    await cloud.stop();
  }

  // P4: a page's read capacity and time with 1k vs 100k Dwipps in the table.
  console.log("Measuring read cost at 1k and 100k Dwipps (the first run generates the data)…");
  const [small, large] = await measureReadCost([1_000, 100_000]);
  if (!small || !large) throw new Error("The read-cost measurement returned nothing.");
  for (const list of ["feed", "mine", "favorites", "topDay", "topWeek", "topAll", "profile"]) {
    const at = (cost: typeof small) => cost.lists[list] ?? { units: Number.NaN, ms: Number.NaN };
    rows.push(
      {
        id: "P4",
        what: `${list} page, read capacity (100k vs 1k)`,
        value: at(large).units,
        baseline: at(small).units,
        unit: "RCU",
        target: 1.1,
      },
      {
        id: "P4",
        what: `${list} page, median time (100k vs 1k)`,
        value: at(large).ms,
        baseline: at(small).ms,
        unit: "ms",
        target: 1.1,
      },
    );
  }
  const engine = (cost: typeof small) => cost.lists.engine?.ms ?? Number.NaN;
  const context = {
    scanFeed: { at1k: small.scan, at100k: large.scan },
    engineBatchRead: { at1k: engine(small), at100k: engine(large) },
  };
  // P5: first-load JavaScript of the feed and the sign-in page against an empty page.
  console.log("Building the web app for page weights…");
  const weights = await measurePageWeight();
  for (const page of ["/", "/login/"]) {
    rows.push({
      id: "P5",
      what: `first-load JavaScript of ${page}, gzip`,
      value: weights[page] ?? Number.NaN,
      baseline: weights.empty ?? Number.NaN,
      unit: "bytes",
      target: 1.2,
    });
  }
  const table = rows.map((row) => {
    const ratio = row.value / row.baseline;
    return {
      ...row,
      ratio: Math.round(ratio * 100) / 100,
      met: row.atLeast ? ratio >= row.target : ratio <= row.target,
    };
  });
  console.log("");
  console.log(["id", "what", "value", "baseline", "ratio", "target", "met"].join("\t"));
  for (const row of table) {
    const fmt = (n: number) =>
      row.unit === "ms" ? `${n.toFixed(1)} ms` : `${n} ${row.unit === "bytes" ? "B" : row.unit}`;
    console.log(
      [
        row.id,
        row.what,
        fmt(row.value),
        fmt(row.baseline),
        `${row.ratio}x`,
        `${row.atLeast ? "≥" : "≤"} ${row.target}x`,
        row.met ? "yes" : "NO",
      ].join("\t"),
    );
  }
  await mkdir(path.join(repoRoot, "bench"), { recursive: true });
  await writeFile(
    path.join(repoRoot, "bench/results.json"),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows: table, context }, null, 2)}\n`,
  );
  console.log(
    `\nFor context, the naive design's feed (a Scan of the table): ${context.scanFeed.at1k.units} RCU and ${context.scanFeed.at1k.ms.toFixed(0)} ms at 1k, ${context.scanFeed.at100k.units} RCU and ${context.scanFeed.at100k.ms.toFixed(0)} ms at 100k.`,
  );
  console.log(
    `The engine itself, for P4's times: a bare batch read of 20 Dwipps by key takes ${context.engineBatchRead.at1k.toFixed(1)} ms at 1k and ${context.engineBatchRead.at100k.toFixed(1)} ms at 100k (${(context.engineBatchRead.at100k / context.engineBatchRead.at1k).toFixed(2)}x).`,
  );
  console.log("\nWritten to bench/results.json");
}

main().catch((error: unknown) => {
  console.error("The benchmark could not measure:", error);
  process.exit(1);
});
