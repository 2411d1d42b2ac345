// The one mapping from failures to the API's error shape and status codes (docs/api.md).
import { DwipperError, type ErrorCode, RateLimited } from "@dwipper/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type HttpCode =
  | ErrorCode
  | "unauthorized"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal"
  | "unavailable";

/** A failure of the HTTP envelope itself (size, media type, token), before core is asked. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpCode,
    message: string,
  ) {
    super(message);
  }
}

const statusOf: Record<ErrorCode, number> = {
  invalid_request: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** The status of every code the API answers with. */
export const statusOfCode: Record<HttpCode, number> = {
  ...statusOf,
  unauthorized: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
};

// Errors by which DynamoDB (or the network to it) says "not now" rather than "never".
const unavailableNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  // A plain write to an item a transaction kept busy for longer than core's retries last.
  "TransactionConflictException",
  // Core's own: a batch DynamoDB kept putting off for longer than core's retries last.
  "StillUnprocessedError",
]);
const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);

// Reasons a transaction is cancelled that say "try again" rather than "no": it lost races for its
// items, or DynamoDB throttled it, for longer than core's retries last.
const transientReasons = new Set(["ThrottlingError", "TransactionConflict"]);

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TransactionCanceledException") {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    return (reasons ?? []).some((reason) => transientReasons.has(reason.Code ?? ""));
  }
  const code = (error as { code?: unknown }).code;
  return (
    unavailableNames.has(error.name) || (typeof code === "string" && unavailableCodes.has(code))
  );
}

export const jsonHeaders = { "content-type": "application/json; charset=utf-8" };

function errorResult(
  status: number,
  code: HttpCode,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { ...jsonHeaders, ...headers },
    body: JSON.stringify({ error: { code, message } }),
  };
}

export function toErrorResult(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof RateLimited) {
    return errorResult(429, error.code, error.message, {
      "retry-after": String(error.retryAfter),
    });
  }
  if (error instanceof DwipperError) {
    return errorResult(statusOf[error.code], error.code, error.message);
  }
  if (error instanceof HttpError) return errorResult(error.status, error.code, error.message);
  if (isUnavailable(error)) {
    return errorResult(503, "unavailable", "The service is busy. Please try again shortly.", {
      "retry-after": "1",
    });
  }
  // The envelope logs it, with the request's ids (observability.ts).
  return errorResult(500, "internal", "Something went wrong on our side.");
}
