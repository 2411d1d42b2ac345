// P8's CloudWatch share: what a request writes to CloudWatch Logs (its function's own lines, the
// lines Lambda writes around every invocation, API Gateway's access log line) and which custom
// metrics the embedded-metric-format lines among them define, each billed for every hour it is sent.
import { ACCESS_LOG_FIELDS, accessLogFormat } from "@dwipper/functions/access-log";

/**
 * What CloudWatch Logs counts for an event besides its message: its size rule for a batch is the
 * messages' UTF-8 bytes plus 26 bytes an event. P8 prices ingestion by the same rule.
 */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/** A log event's billed bytes. */
export const eventBytes = (message: string) =>
  Buffer.byteLength(message, "utf8") + LOG_EVENT_OVERHEAD_BYTES;

/** The events a function wrote to stdout and stderr: Lambda makes each line an event. */
export const eventsOf = (output: string): string[] =>
  output.split("\n").filter((line) => line.trim() !== "");

/**
 * The three lines Lambda writes in its text log format (SST's default) around an invocation that
 * ran `ms`, at `memoryMb`: START, END, and REPORT with the durations (a warm invocation: no init).
 */
export function lambdaPlatformLines(requestId: string, ms: number, memoryMb: number): string[] {
  return [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${Math.round(memoryMb / 5)} MB\t`,
  ];
}

export interface AccessedRequest {
  routeKey: string;
  status: number;
  latencyMs: number;
  requestId: string;
}

/** API Gateway's access log line for one request, the stage's format filled as API Gateway fills it. */
export function accessLogLine(request: AccessedRequest): string {
  const latency = Math.ceil(request.latencyMs);
  const values: Record<string, string> = {
    "$context.requestId": request.requestId,
    "$context.requestTimeEpoch": "1796505247123",
    "$context.routeKey": request.routeKey,
    "$context.status": String(request.status),
    "$context.responseLatency": String(latency + 3),
    "$context.integration.status": String(request.status),
    "$context.integration.latency": String(latency + 1),
    // What API Gateway writes for a value it does not have.
    "$context.error.message": "-",
    "$context.integration.error": "-",
  };
  return Object.values(ACCESS_LOG_FIELDS).reduce((line, variable) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`No sample value for ${variable}.`);
    return line.replace(`"${variable}"`, JSON.stringify(value));
  }, accessLogFormat());
}

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string }[];
}

/**
 * The custom metrics the embedded-metric-format events among `events` define: one for each
 * namespace, metric name and set of dimension values, as CloudWatch counts them.
 */
export function metricSeries(events: readonly string[]): string[] {
  const series = new Set<string>();
  for (const event of events) {
    if (!event.startsWith("{")) continue;
    let parsed: { _aws?: { CloudWatchMetrics?: EmfDirective[] } } & Record<string, unknown>;
    try {
      parsed = JSON.parse(event);
    } catch {
      continue;
    }
    for (const directive of parsed._aws?.CloudWatchMetrics ?? []) {
      for (const dimensions of directive.Dimensions) {
        const where = dimensions.map((name) => `${name}=${String(parsed[name])}`).join(",");
        for (const metric of directive.Metrics) {
          series.add(`${directive.Namespace}/${metric.Name}{${where}}`);
        }
      }
    }
  }
  return [...series].sort();
}
