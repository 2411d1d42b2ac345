// Runs the conformance scenarios against an engine and compares two engines' answers, normalised
// only where the values must differ between any two DynamoDB deployments (ids, ARNs, clocks,
// sequence numbers, sizes of the whole table) while keeping whether each field is there.
import { isDeepStrictEqual } from "node:util";
import type { Scenario, Step } from "./scenarios";
import { type Answer, type Json, send } from "./wire";

/** Fields whose values name this deployment or this moment: kept, but as "<varies>". */
const varying = new Set([
  "CreationDateTime",
  "TableId",
  "TableArn",
  "IndexArn",
  "LatestStreamArn",
  "LatestStreamLabel",
  "StreamArn",
  "StreamLabel",
  "ShardIterator",
  "NextShardIterator",
  "ShardId",
  "StartingSequenceNumber",
  "eventID",
  "SequenceNumber",
  "ApproximateCreationDateTime",
  "CreationRequestDateTime",
  "awsRegion",
  "TableSizeBytes",
  "IndexSizeBytes",
  "ItemCount",
]);

/**
 * Fields of a table description that tell how AWS bills or tracks a table, which the engines fill
 * differently and nothing of Dwipper's (nor SST) reads: dropped.
 */
const informational = new Set([
  "TableId",
  "TableThroughputModeSummary",
  "LastUpdateToPayPerRequestDateTime",
]);

/** An on-demand table's or index's throughput: zeros, which engines report or leave out. */
const noThroughput = (value: unknown) =>
  typeof value === "object" &&
  value !== null &&
  (value as Json).ReadCapacityUnits === 0 &&
  (value as Json).WriteCapacityUnits === 0;

export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value !== "object" || value === null) return value;
  const result: Json = {};
  for (const [field, inner] of Object.entries(value as Json).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (informational.has(field)) continue;
    if (field === "ProvisionedThroughput" && noThroughput(inner)) continue;
    if (varying.has(field)) result[field] = "<varies>";
    // The service prefix of an error's type differs between services that mean the same error.
    else if (field === "__type" && typeof inner === "string")
      result[field] = inner.split("#").at(-1);
    // Both spellings are in use for an error's text.
    else if (field === "Message") result.message = normalise(inner);
    // DynamoDB promises no order for a table's indexes.
    else if (field === "GlobalSecondaryIndexes" && Array.isArray(inner))
      result[field] = normalise(
        [...inner].sort((a, b) =>
          String((a as Json).IndexName).localeCompare(String((b as Json).IndexName)),
        ),
      );
    else result[field] = normalise(inner);
  }
  return result;
}

export interface StepResult {
  scenario: string;
  step: string;
  compare: Step["compare"];
  answer: Answer;
}

const sortedByJson = (items: unknown[]) =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What of an answer is compared: all of it, its items in any order, or its page's shape. */
function comparable(result: StepResult): unknown {
  const body = normalise(result.answer.body) as Json;
  if (result.compare === "unordered" && body.Responses) {
    const responses = body.Responses as Record<string, unknown[]>;
    body.Responses = Object.fromEntries(
      Object.entries(responses).map(([table, items]) => [table, sortedByJson(items)]),
    );
  }
  if (result.compare === "batch") {
    const count = (tables: unknown, field?: string) =>
      Object.values((tables ?? {}) as Record<string, Json | unknown[]>).reduce<number>(
        (sum, entry) =>
          sum + (((field ? (entry as Json)[field] : entry) as unknown[] | undefined) ?? []).length,
        0,
      );
    return {
      status: result.answer.status,
      found: count(body.Responses),
      unprocessed: count(body.UnprocessedKeys, "Keys"),
    };
  }
  if (result.compare === "shape") {
    return {
      status: result.answer.status,
      Count: body.Count,
      ScannedCount: body.ScannedCount,
      morePages: body.LastEvaluatedKey !== undefined,
    };
  }
  return { status: result.answer.status, body };
}

/** Waits until the table and each of its indexes are ACTIVE (or the table is gone). */
async function untilActive(endpoint: string, table: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await send(endpoint, "DescribeTable", { TableName: table });
    const described = body.Table as Json | undefined;
    const indexes = (described?.GlobalSecondaryIndexes as Json[] | undefined) ?? [];
    if (
      described?.TableStatus === "ACTIVE" &&
      indexes.every((index) => index.IndexStatus === "ACTIVE")
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${table} did not become ACTIVE`);
}

/** Every step of every scenario, in order; table names carry `prefix`. */
export async function runScenarios(
  endpoint: string,
  scenarios: Scenario[],
  prefix: string,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const table = (name: string) => `${prefix}-${index}-${name}`;
    const earlier: Answer[] = [];
    for (const step of scenario.steps(table)) {
      const input = typeof step.input === "function" ? step.input(earlier) : step.input;
      const answer = await send(
        endpoint,
        step.operation,
        input,
        step.streams ? "DynamoDBStreams_20120810" : "DynamoDB_20120810",
      );
      earlier.push(answer);
      results.push({ scenario: scenario.name, step: step.what, compare: step.compare, answer });
      // A new table takes writes, and a new index reads, once ACTIVE, on AWS and in the engine:
      // wait, as clients do.
      if (
        (step.operation === "CreateTable" || step.operation === "UpdateTable") &&
        answer.status === 200
      ) {
        await untilActive(endpoint, String(input.TableName));
      }
    }
  }
  return results;
}

/** Where two values differ, as paths like `.body.Table.TableStatus`. */
export function differingPaths(a: unknown, b: unknown, at = ""): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = typeof a === "object" && a !== null && typeof b === "object" && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [at];
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [at];
  const fields = new Set([...Object.keys(a as Json), ...Object.keys(b as Json)]);
  return [...fields].flatMap((field) =>
    differingPaths((a as Json)[field], (b as Json)[field], `${at}.${field}`),
  );
}

export interface Difference {
  scenario: string;
  step: string;
  paths: string[];
  ours: unknown;
  theirs: unknown;
}

export function differences(ours: StepResult[], theirs: StepResult[]): Difference[] {
  return ours.flatMap((result, index) => {
    const a = comparable(result);
    const b = comparable(theirs[index] as StepResult);
    const paths = differingPaths(a, b);
    return paths.length === 0
      ? []
      : [{ scenario: result.scenario, step: result.step, paths, ours: a, theirs: b }];
  });
}
