// What a function says about its work, the way Powertools for AWS Lambda writes it: one structured
// log line per request (its ids, route, status, latency, outcome and a caller that cannot be traced
// back to a person), and a count of each request that did not succeed in CloudWatch's embedded
// metric format. On AWS the lines are JSON in CloudWatch Logs; the local cloud turns on Powertools'
// readable development output.
import { createHash } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";

export const SERVICE_NAME = "dwipper";
export const METRICS_NAMESPACE = "Dwipper";

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/** A caller's id as the logs carry it: stable per person, and no way back to their account. */
export const callerHash = (sub: string): string =>
  createHash("sha256").update(`dwipper-caller:${sub}`).digest("hex").slice(0, 16);

export type Outcome = "ok" | "refused" | "unavailable" | "failed";

export function outcomeOf(status: number): Outcome {
  if (status >= 500) return status === 503 ? "unavailable" : "failed";
  return status >= 400 ? "refused" : "ok";
}

/** Starts an invocation's record: Lambda's context (request id, cold start) on every line. */
export function beginInvocation(context: Context | undefined): void {
  logger.resetKeys();
  if (context) logger.addContext(context);
}

export interface RequestRecord {
  /** API Gateway's request id, the one a client sees in `apigw-requestid`. */
  requestId: string;
  route: string;
  caller: string | undefined;
  result: APIGatewayProxyStructuredResultV2;
  latencyMs: number;
  /** What made a 5xx, if anything was thrown. */
  failure?: unknown;
}

/** The error code of an answer in the API's error shape, for the log. */
function errorCodeOf(result: APIGatewayProxyStructuredResultV2): string | undefined {
  if ((result.statusCode ?? 200) < 400 || typeof result.body !== "string") return undefined;
  try {
    return (JSON.parse(result.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Describes a failure without its message's data: the kind, and where it was thrown. */
export function describeFailure(failure: unknown): Record<string, unknown> {
  if (!(failure instanceof Error)) return { name: typeof failure };
  const frames = (failure.stack ?? "")
    .split("\n")
    .slice(1, 8)
    .map((line) => line.trim());
  return { name: failure.name, frames };
}

/** Logs a stream record that failed, by its ids: never its contents, which are what people wrote. */
export function logRecordFailure(
  record: { eventID?: string; dynamodb?: { SequenceNumber?: string } },
  failure: unknown,
): void {
  logger.error("record failed", {
    eventID: record.eventID,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    error: describeFailure(failure),
  });
}

/** Logs the request's one line and records its metrics. */
export function recordRequest(record: RequestRecord): void {
  const status = record.result.statusCode ?? 200;
  const outcome = outcomeOf(status);
  const line = {
    requestId: record.requestId,
    route: record.route,
    status,
    latencyMs: Math.round(record.latencyMs * 10) / 10,
    outcome,
    caller: record.caller && callerHash(record.caller),
    code: errorCodeOf(record.result),
  };
  if (outcome === "failed") {
    logger.error("request failed", {
      ...line,
      ...(record.failure === undefined ? {} : { error: describeFailure(record.failure) }),
    });
  } else if (outcome === "unavailable") logger.warn("request", line);
  else logger.info("request", line);

  // Lambda counts and times every invocation at no charge (AWS/Lambda's Invocations and Duration,
  // by function, which is by route here), and a custom metric costs every hour it is sent in. So
  // only what Lambda cannot see is sent: a request that did not succeed, by its outcome, and only
  // when one happens (ADR 0036).
  if (outcome === "ok") return;
  metrics.addDimension("route", record.route);
  metrics.addMetric(outcome, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
