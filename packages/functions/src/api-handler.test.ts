// The shared envelope with real API Gateway v2 events: caller, body rules and the error mapping.
import {
  TransactionCanceledException,
  TransactionConflictException,
} from "@aws-sdk/client-dynamodb";
import { Conflict, Forbidden, Invalid, NotFound } from "@dwipper/core";
import { StillUnprocessedError } from "@dwipper/core/dynamo";
import { RETRY_BUDGET_MS, RETRY_RESERVE_MS, retryBudgetLeft } from "@dwipper/core/retry-budget";
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import { lambdaContext } from "@dwipper/local-cloud/lambda-context";
import * as v from "valibot";
import { describe, expect, it, vi } from "vitest";
import { type ApiEvent, actorOf, apiHandler, json, parseBody, parseQuery } from "./api-handler";
import type { RouteContract } from "./contract";
import { HttpError } from "./http-error";
import { LAMBDA_TIMEOUT_SECONDS } from "./routes";

function event(overrides: Partial<ApiEvent> = {}, claims: Record<string, string> = {}): ApiEvent {
  return {
    ...apiGatewayEvent({
      method: "POST",
      routePath: "/dwipps",
      headers: { "content-type": "application/json" },
      claims: { sub: "user-1", name: "Ada", token_use: "id", ...claims },
      requestId: "request-1",
    }),
    ...overrides,
  };
}

const Body = v.strictObject({ content: v.string() });
const takesBody: RouteContract = {
  summary: "A route with a body",
  body: Body,
  answers: { status: 200 },
  refusals: ["invalid_request"],
};
const takesNone: RouteContract = {
  summary: "A route without one",
  answers: { status: 200 },
  refusals: ["invalid_request"],
};

async function failureOf(fn: () => unknown) {
  const handler = apiHandler(takesBody, async () => {
    fn();
    return json(200, {});
  });
  const result = await handler(event());
  return { status: result.statusCode, body: JSON.parse(result.body ?? "{}") };
}

describe("actorOf", () => {
  it("names the caller from ID token claims", () => {
    expect(actorOf(event())).toEqual({ id: "user-1", name: "Ada" });
  });

  it("refuses access tokens and claims without a subject", () => {
    expect(() => actorOf(event({}, { token_use: "access" }))).toThrow(HttpError);
    expect(() => actorOf(event({}, { sub: "" }))).toThrow(HttpError);
  });
});

describe("parseBody", () => {
  it("reads JSON, also base64-encoded, with a charset in the content type", () => {
    const encoded = Buffer.from('{"content":"hi"}').toString("base64");
    expect(parseBody(event({ body: encoded, isBase64Encoded: true }), Body)).toEqual({
      content: "hi",
    });
    const withCharset = event({
      body: '{"content":"hi"}',
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(parseBody(withCharset, Body)).toEqual({ content: "hi" });
  });

  it("maps each envelope problem to its status and code", async () => {
    const cases: [Partial<ApiEvent>, number, string][] = [
      [{ body: "x".repeat(16 * 1024 + 1) }, 413, "payload_too_large"],
      [{ body: "{}", headers: { "content-type": "text/plain" } }, 415, "unsupported_media_type"],
      [{ body: "{}", headers: {} }, 415, "unsupported_media_type"],
      [{ body: "{oops" }, 400, "invalid_request"],
      [{}, 400, "invalid_request"],
      [{ body: '{"content":"hi","extra":1}' }, 400, "invalid_request"],
      [
        { body: Buffer.from([0xff, 0xfe]).toString("base64"), isBase64Encoded: true },
        400,
        "invalid_request",
      ],
    ];
    for (const [overrides, status, code] of cases) {
      const failure = await failureOf(() => parseBody(event(overrides), Body));
      expect(failure.status).toBe(status);
      expect(failure.body).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it("says the body must be an object when it is JSON but not one", async () => {
    for (const body of ["[]", "null", '"hi"', "7"]) {
      const failure = await failureOf(() => parseBody(event({ body }), Body));
      expect(failure.body).toEqual({
        error: { code: "invalid_request", message: "The body must be a JSON object." },
      });
    }
  });

  it("is refused, before the route runs, by a route that takes none", async () => {
    const route = vi.fn(async () => json(200, {}));
    const handler = apiHandler(takesNone, route);
    for (const body of ['{"upvoted":false}', "{}", Buffer.from("x").toString("base64")]) {
      const result = await handler(event({ body, isBase64Encoded: body === "eA==" }));
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(String(result.body))).toEqual({
        error: { code: "invalid_request", message: "This request takes no body." },
      });
    }
    expect(route).not.toHaveBeenCalled();
    expect((await handler(event({ body: "" }))).statusCode).toBe(200);
    expect((await handler(event())).statusCode).toBe(200);
  });

  it("says which field is unknown or missing", async () => {
    const unknown = await failureOf(() =>
      parseBody(event({ body: '{"content":"a","x":1}' }), Body),
    );
    expect(unknown.body.error.message).toContain('"x"');
    const missing = await failureOf(() => parseBody(event({ body: "{}" }), Body));
    expect(missing.body.error.message).toContain('"content" is required');
  });
});

describe("parseQuery", () => {
  it("checks the query string against the schema", () => {
    const Query = v.strictObject({ limit: v.optional(v.string()) });
    expect(parseQuery(event({ queryStringParameters: { limit: "5" } }), Query)).toEqual({
      limit: "5",
    });
    expect(() => parseQuery(event({ queryStringParameters: { other: "1" } }), Query)).toThrow(
      Invalid,
    );
  });
});

describe("error mapping", () => {
  it("maps every domain error to its status", async () => {
    expect(
      (
        await failureOf(() => {
          throw new Invalid("bad");
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await failureOf(() => {
          throw new Forbidden();
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await failureOf(() => {
          throw new NotFound();
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await failureOf(() => {
          throw new Conflict("taken");
        })
      ).status,
    ).toBe(409);
  });

  it("answers 503 with Retry-After when DynamoDB throttles or is unreachable", async () => {
    const handler = apiHandler(takesNone, async () => {
      throw Object.assign(new Error("slow down"), {
        name: "ProvisionedThroughputExceededException",
      });
    });
    const result = await handler(event());
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["retry-after"]).toBe("1");
    const refused = apiHandler(takesNone, async () => {
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    });
    expect((await refused(event())).statusCode).toBe(503);
    const putOff = apiHandler(takesNone, async () => {
      throw new StillUnprocessedError("BatchGetItem", 3);
    });
    expect((await putOff(event())).statusCode).toBe(503);
    const busyItem = apiHandler(takesNone, async () => {
      throw new TransactionConflictException({ message: "Transaction is ongoing", $metadata: {} });
    });
    expect((await busyItem(event())).statusCode).toBe(503);
  });

  it.each([["ThrottlingError"], ["TransactionConflict"]])(
    "answers 503 with Retry-After for a transaction still cancelled by %s after its retries",
    async (code) => {
      const handler = apiHandler(takesNone, async () => {
        throw new TransactionCanceledException({
          message: "Transaction cancelled",
          $metadata: {},
          CancellationReasons: [{ Code: "None" }, { Code: code, Message: "try again" }],
        });
      });
      const result = await handler(event());
      expect(result.statusCode).toBe(503);
      expect(result.headers?.["retry-after"]).toBe("1");
      expect(JSON.parse(String(result.body)).error.code).toBe("unavailable");
    },
  );

  it("gives up retrying what DynamoDB put off in time to answer 503 before Lambda's timeout", () => {
    // Else the answer would be API Gateway's 500 for a function stopped at its timeout.
    expect(RETRY_BUDGET_MS).toBeLessThanOrEqual(LAMBDA_TIMEOUT_SECONDS * 1000 - 2_000);
  });

  it("counts the retry budget of every step of a route from the request's start", async () => {
    vi.useFakeTimers();
    try {
      const handler = apiHandler(takesNone, async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        return json(200, { left: retryBudgetLeft() });
      });
      const answer = handler(event());
      await vi.advanceTimersByTimeAsync(3_000);
      expect(JSON.parse((await answer).body ?? "")).toEqual({ left: RETRY_BUDGET_MS - 3_000 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes the retry budget from the invocation's clock: its time left, less the time to answer", async () => {
    vi.useFakeTimers();
    try {
      const handler = apiHandler(takesNone, async () => json(200, { left: retryBudgetLeft() }));
      // An invocation that has 5 s left when the route begins (a longer start, a shorter timeout).
      const context = { functionName: "f", awsRequestId: "r", deadline: Date.now() + 5_000 };
      const answer = await handler(event(), lambdaContext(context));
      expect(JSON.parse(answer.body ?? "")).toEqual({ left: 5_000 - RETRY_RESERVE_MS });
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers 500 for a bug without revealing anything internal", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const handler = apiHandler(takesNone, async () => {
      throw new Error("Table dwipper-prod-dwipps exploded at line 42");
    });
    const result = await handler(event());
    log.mockRestore();
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain("dwipper-prod");
    expect(JSON.parse(result.body ?? "")).toEqual({
      error: { code: "internal", message: expect.any(String) },
    });
  });
});
