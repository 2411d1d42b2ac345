// What the functions write about a request: one log line with its ids, route, status, latency and
// outcome, no personal data, and its metrics in CloudWatch's embedded format, as Powertools writes
// them to the function's output on AWS; and the Lambda request id on every line of the functions no
// route invokes.
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDwipp } from "./contract";

const person = {
  sub: "5f0c2a7e-secret-sub",
  name: "Ada Lovelace",
  email: "ada@example.com",
  content: "my private shower thought",
};

const event = () =>
  apiGatewayEvent({
    method: "POST",
    routePath: "/dwipps",
    headers: { "content-type": "application/json" },
    body: { text: JSON.stringify({ content: person.content }) },
    claims: { sub: person.sub, name: person.name, email: person.email, token_use: "id" },
    sourceIp: "10.1.2.3",
    requestId: "gateway-request-7",
  });

const context = {
  awsRequestId: "lambda-request-9",
  functionName: "dwipper-ci-CreateDwipp",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:dwipper-ci-CreateDwipp",
  memoryLimitInMB: "512",
} as Context;

let written: string[] = [];

beforeEach(() => {
  written = [];
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  vi.stubEnv("POWERTOOLS_DEV", "");
  vi.resetModules();
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const lines = () =>
  written
    .join("")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const logLines = () => lines().filter((line) => "message" in line);
const metricLines = () => lines().filter((line) => "_aws" in line);

async function envelope() {
  const { apiHandler, json } = await import("./api-handler");
  const { callerHash } = await import("./observability");
  return { apiHandler, json, callerHash };
}

describe("a request's log line and metrics", () => {
  it("a failed request logs one line with its request ids and no personal data", async () => {
    const { apiHandler, callerHash } = await envelope();
    const handler = apiHandler(createDwipp, async () => {
      throw new Error(`DynamoDB refused "${person.content}" for ${person.email}`);
    });
    const result = await handler(event(), context);
    expect(result.statusCode).toBe(500);

    expect(logLines()).toHaveLength(1);
    expect(logLines()[0]).toMatchObject({
      level: "ERROR",
      message: "request failed",
      service: "dwipper",
      requestId: "gateway-request-7",
      function_request_id: "lambda-request-9",
      route: "POST /dwipps",
      status: 500,
      outcome: "failed",
      code: "internal",
      caller: callerHash(person.sub),
      latencyMs: expect.any(Number),
      error: { name: "Error", frames: expect.any(Array) },
    });
    expect(metricLines()).toEqual([expect.objectContaining({ route: "POST /dwipps", failed: 1 })]);
    const everything = written.join("");
    for (const secret of Object.values(person)) expect(everything).not.toContain(secret);
    expect(everything).not.toContain("10.1.2.3");
  });

  it("a refused request logs at info with its code, and counts as refused", async () => {
    const { apiHandler } = await envelope();
    const handler = apiHandler(createDwipp, async () => {
      const { Invalid } = await import("@dwipper/core");
      throw new Invalid("content: too long");
    });
    await handler(event(), context);
    expect(logLines()).toEqual([
      expect.objectContaining({
        level: "INFO",
        status: 400,
        outcome: "refused",
        code: "invalid_request",
      }),
    ]);
    expect(metricLines()).toHaveLength(1);
    const [emf] = metricLines();
    expect(emf).toMatchObject({ route: "POST /dwipps", service: "dwipper", refused: 1 });
    expect(emf?._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: "Dwipper",
          Dimensions: [expect.arrayContaining(["service", "route"])],
          Metrics: [{ Name: "refused", Unit: "Count" }],
        },
      ],
    });
  });

  it("a request that succeeds logs one line, and the next invocation starts with fresh keys", async () => {
    const { apiHandler, json } = await envelope();
    const handler = apiHandler(createDwipp, async () => json(201, { ok: true }));
    await handler(event(), context);
    await handler(event(), { ...context, awsRequestId: "lambda-request-10" });
    const [first, second] = logLines();
    expect(logLines()).toHaveLength(2);
    expect(first).toMatchObject({ level: "INFO", status: 201, outcome: "ok" });
    expect(first?.code).toBeUndefined();
    expect(second).toMatchObject({ function_request_id: "lambda-request-10", cold_start: false });
    // Lambda's own metrics count and time it: nothing is sent for a request that succeeded.
    expect(metricLines()).toEqual([]);
  });
});

describe("a stream record that failed", () => {
  it("is logged by its ids, never by what it holds or what the error said of it", async () => {
    const { eachStreamRecord } = await import("./stream/partial-batch");
    const record = {
      eventID: "stream-event-3",
      eventName: "INSERT" as const,
      dynamodb: {
        SequenceNumber: "4100",
        NewImage: { content: { S: person.content }, authorName: { S: person.name } },
      },
    };
    const response = await eachStreamRecord({ Records: [record] }, async () => {
      throw new Error(`could not write "${person.content}"`);
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "4100" }] });
    const failed = logLines().filter((line) => line.message === "record failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      level: "ERROR",
      eventID: "stream-event-3",
      sequenceNumber: "4100",
      error: { name: "Error", frames: expect.any(Array) },
    });
    const everything = written.join("");
    for (const secret of Object.values(person)) expect(everything).not.toContain(secret);
  });
});

describe("the lines of a function that no route invokes", () => {
  const lambda = (name: string) => ({
    ...context,
    functionName: `dwipper-ci-${name}`,
    awsRequestId: `lambda-request-${name}`,
  });

  it("carry Lambda's request id: the pool's triggers", async () => {
    const { handler: preSignUp } = await import("./cognito/pre-sign-up");
    const refused = {
      triggerSource: "PreSignUp_SignUp",
      request: { userAttributes: { name: " " } },
    };
    await expect(preSignUp(refused as never, lambda("PreSignUp"))).rejects.toThrow();
    const { handler: postConfirmation } = await import("./cognito/post-confirmation");
    const nameless = {
      triggerSource: "PostConfirmation_ConfirmSignUp",
      request: { userAttributes: {} },
    };
    await postConfirmation(nameless as never, lambda("PostConfirmation"));
    expect(logLines()).toEqual([
      expect.objectContaining({
        message: "sign-up refused",
        function_request_id: "lambda-request-PreSignUp",
      }),
      expect.objectContaining({
        message: "confirmed account without sub or name",
        function_request_id: "lambda-request-PostConfirmation",
      }),
    ]);
  });

  it("carry Lambda's request id: the notices' subscriber", async () => {
    // What the notice makes is not this test's: the notification module answers without a table.
    vi.doMock("@dwipper/core/notification", () => ({ notify: async () => "made" }));
    try {
      const { handler: notify } = await import("./notices/notify");
      const notice = { Sns: { MessageId: "sns-message-1", Message: JSON.stringify({}) } };
      await notify({ Records: [notice] } as never, lambda("Notify"));
    } finally {
      vi.doUnmock("@dwipper/core/notification");
    }
    expect(logLines()).toEqual([
      expect.objectContaining({
        message: "notice handled",
        function_request_id: "lambda-request-Notify",
      }),
    ]);
  });
});
