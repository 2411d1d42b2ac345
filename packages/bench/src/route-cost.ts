// P8: what a million requests of each route cost on AWS, from what route-cost-probe.ts measures
// (read and write units, index writes included; the function's billed time at the stack's memory
// and architecture; the stream's subscriber and the notifications it sets off; SNS publishes; the
// log events every invocation and API Gateway write to CloudWatch) and
// the prices in prices.ts; then a month for 1,000 daily active people under a stated usage model,
// beside the seed's design (a Scan for the feed, the voters kept on the Dwipp) at 100k Dwipps.
import {
  budgetsTable,
  dwippsTable,
  favoritesTable,
  notificationsTable,
} from "@dwipper/core/table-definitions";
import { dynamoDbSettings, ensureTable, startDynamoDb } from "@dwipper/local-cloud/dynamodb";
import { linkEnvironment } from "@dwipper/local-cloud/function-environment";
import { startTopicService } from "@dwipper/local-cloud/topic-service";
import { useBenchBudgets } from "./bench-stage";
import { budgetWritesPerRequest } from "./month";
import { lambdaPrice, logsPrice, PRICES, unitsPrice } from "./prices";
import { PROBE_REGION, runProbe } from "./probe-process";
import type { RouteRun } from "./route-cost-probe";
import { median } from "./stats";

const REGION = PROBE_REGION;

export interface RouteCost {
  route: string;
  billedMs: number;
  readUnits: number;
  /** The request's own write units, its budget's apart. */
  writeUnits: number;
  /** Writes of the caller's budget counter per request, under the month's model (ADR 0008). */
  budgetWrites: number;
  followUps: { invocations: number; billedMs: number; readUnits: number; writeUnits: number };
  publishes: number;
  /** Bytes of log events in CloudWatch Logs, the set-off invocations' included. */
  logBytes: number;
  /** The custom metrics a request sends (CloudWatch bills each by the hour it is sent in). */
  metricSeries: string[];
  /** Dollars per million requests. */
  perMillion: number;
}

/**
 * A route's price per million. `budgetWrite` is what one write of a budget counter costs, as
 * measured; how many a request makes depends on how often its person reads (ADR 0008's blocks),
 * so it comes from the month's model rather than from the probe, whose one process shares its
 * blocks between every route.
 */
function price(route: string, runs: RouteRun[], budgetWrite: number): RouteCost {
  const billedMs = median(runs.map((entry) => Math.ceil(entry.ms)));
  const readUnits = median(runs.map((entry) => entry.readUnits));
  const writeUnits = median(runs.map((entry) => entry.writeUnits));
  const budgetWrites = budgetWritesPerRequest(route);
  const followUps = {
    invocations: median(runs.map((entry) => entry.followUps.length)),
    billedMs: median(
      runs.map((entry) => entry.followUps.reduce((sum, f) => sum + Math.ceil(f.ms), 0)),
    ),
    readUnits: median(
      runs.map((entry) => entry.followUps.reduce((sum, f) => sum + f.readUnits, 0)),
    ),
    writeUnits: median(
      runs.map((entry) => entry.followUps.reduce((sum, f) => sum + f.writeUnits, 0)),
    ),
  };
  const publishes = median(runs.map((entry) => entry.publishes));
  const logBytes = median(
    runs.map((entry) => entry.logBytes + entry.followUps.reduce((sum, f) => sum + f.logBytes, 0)),
  );
  // Billed times are each rounded up to the millisecond before they are added.
  const perRequest =
    PRICES.httpApiRequest +
    lambdaPrice(1, billedMs) +
    unitsPrice(readUnits, writeUnits + budgetWrites * budgetWrite) +
    lambdaPrice(followUps.invocations, followUps.billedMs) +
    unitsPrice(followUps.readUnits, followUps.writeUnits) +
    publishes * PRICES.sns.publish +
    logsPrice(logBytes);
  return {
    route,
    billedMs,
    readUnits,
    writeUnits,
    budgetWrites,
    followUps,
    publishes,
    logBytes,
    metricSeries: [...new Set(runs.flatMap((entry) => entry.metricSeries))].sort(),
    perMillion: perRequest * 1e6,
  };
}

/** Every route's cost, from `rounds` rounds of the probe (the first two are warm-up). */
export async function measureRouteCosts(rounds = 7): Promise<RouteCost[]> {
  const dynamo = await startDynamoDb(0, null, REGION, dynamoDbSettings());
  const topics = await startTopicService({ region: REGION });
  const tables = {
    dwipps: "cost-dwipps",
    favorites: "cost-favorites",
    budgets: "cost-budgets",
    notifications: "cost-notifications",
  };
  try {
    await ensureTable(dynamo.client, tables.dwipps, dwippsTable);
    await ensureTable(dynamo.client, tables.favorites, favoritesTable);
    await ensureTable(dynamo.client, tables.budgets, budgetsTable);
    await ensureTable(dynamo.client, tables.notifications, notificationsTable);
    useBenchBudgets();
    const stdout = await runProbe("route-cost-probe.ts", {
      ...linkEnvironment(tables, { cursorSecret: "bench", notices: topics.createTopic("Notices") }),
      BENCH_ROUNDS: String(rounds),
      // Logging and metrics as on AWS, so their time and their lines are in the bill, whatever a
      // local cloud started earlier in this process set.
      POWERTOOLS_LOG_LEVEL: "INFO",
      POWERTOOLS_METRICS_DISABLED: "false",
      POWERTOOLS_DEV: "false",
      POWERTOOLS_METRICS_NAMESPACE: "Dwipper",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamo.endpoint,
      AWS_ENDPOINT_URL_SNS: topics.endpoint,
    });
    const rows = stdout
      .split("\n")
      .filter((line) => line.startsWith("ROUTES "))
      .map((line) => JSON.parse(line.slice("ROUTES ".length)) as Record<string, RouteRun>)
      .slice(2);
    const names = Object.keys(rows[0] ?? {});
    const budgetWrite = Math.max(
      ...rows.flatMap((row) => Object.values(row).map((run) => run.budgetUnits)),
    );
    return names.map((name) =>
      price(
        name,
        rows.flatMap((row) => (row[name] ? [row[name]] : [])),
        budgetWrite,
      ),
    );
  } finally {
    await topics.stop();
    await dynamo.stop();
  }
}
