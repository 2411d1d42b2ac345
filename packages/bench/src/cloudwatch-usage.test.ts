// P8's CloudWatch share: billed bytes of log events, Lambda's and API Gateway's lines, and the
// custom metrics that Powertools' embedded-metric-format output defines.
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { ACCESS_LOG_FIELDS } from "@dwipper/functions/access-log";
import { describe, expect, it, vi } from "vitest";
import {
  accessLogLine,
  eventBytes,
  eventsOf,
  LOG_EVENT_OVERHEAD_BYTES,
  lambdaPlatformLines,
  metricSeries,
} from "./cloudwatch-usage";

describe("log events", () => {
  it("counts each line's UTF-8 bytes and CloudWatch's overhead an event", () => {
    expect(eventBytes("abc")).toBe(3 + LOG_EVENT_OVERHEAD_BYTES);
    expect(eventBytes("é")).toBe(2 + LOG_EVENT_OVERHEAD_BYTES);
    expect(eventsOf('{"a":1}\n\n{"b":2}\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("writes Lambda's three lines with the invocation's id and durations", () => {
    const [start, end, report] = lambdaPlatformLines("r-1", 8.4, 512);
    expect(start).toBe("START RequestId: r-1 Version: $LATEST");
    expect(end).toBe("END RequestId: r-1");
    expect(report).toContain("Duration: 8.40 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB");
  });

  it("fills every field of the stage's access log format, as JSON", () => {
    const line = JSON.parse(
      accessLogLine({ routeKey: "GET /dwipps", status: 200, latencyMs: 8.2, requestId: "a-1" }),
    ) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(Object.keys(ACCESS_LOG_FIELDS));
    expect(line).toMatchObject({ routeKey: "GET /dwipps", status: "200", requestId: "a-1" });
    expect(JSON.stringify(line)).not.toContain("$context");
  });
});

describe("metricSeries", () => {
  it("names one metric for each name and set of dimension values Powertools sends", () => {
    const printed: string[] = [];
    const write = vi
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    // The suites turn metrics off; this test reads what Powertools sends on AWS.
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    try {
      const metrics = new Metrics({ namespace: "Space", serviceName: "svc" });
      for (const route of ["GET /a", "GET /b", "GET /a"]) {
        metrics.addDimension("route", route);
        metrics.addMetric("requests", MetricUnit.Count, 1);
        metrics.addMetric("latency", MetricUnit.Milliseconds, 3);
        metrics.publishStoredMetrics();
      }
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    const events = eventsOf(printed.join(""));
    expect(events).toHaveLength(3);
    expect(metricSeries([...events, "START RequestId: x", "{not json"])).toEqual([
      "Space/latency{service=svc,route=GET /a}",
      "Space/latency{service=svc,route=GET /b}",
      "Space/requests{service=svc,route=GET /a}",
      "Space/requests{service=svc,route=GET /b}",
    ]);
  });
});
