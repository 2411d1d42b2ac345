// The envelope every HTTP route shares: who the caller is, how a body is read, how a result or a
// failure becomes a response. Route handlers only parse, call core once and say what to return.
import type { Actor } from "@dwipper/core";
import { Invalid, parse } from "@dwipper/core";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type * as v from "valibot";
import type { RouteContract } from "./contract";
import { HttpError, jsonHeaders, toErrorResult } from "./http-error";
import { withinInvocation } from "./invocation-budget";
import { beginInvocation, recordRequest } from "./observability";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 16 * 1024;

/** The person verified claims name. Only ID tokens name a person. */
export function actorFromClaims(claims: Record<string, unknown>): Actor {
  const { sub, name, token_use: tokenUse } = claims;
  if (tokenUse !== "id" || typeof sub !== "string" || sub === "") {
    throw new HttpError(401, "unauthorized", "Sign in with an ID token.");
  }
  return { id: sub, name: typeof name === "string" && name !== "" ? name : "Anonymous" };
}

/** The caller, from the claims the gateway verified. */
export function actorOf(event: ApiEvent): Actor {
  return actorFromClaims(event.requestContext.authorizer?.jwt?.claims ?? {});
}

/** The body's bytes as the client sent them (API Gateway hands binary bodies over in base64). */
function rawBody(event: ApiEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

/** The JSON body, checked against the route's schema. */
export function parseBody<S extends v.GenericSchema>(event: ApiEvent, schema: S): v.InferOutput<S> {
  const raw = rawBody(event);
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new HttpError(413, "payload_too_large", "The request body may be at most 16 KiB.");
  }
  if (raw.byteLength === 0) throw new Invalid("A JSON body is required.");
  const contentType = event.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new Invalid("The body is not valid JSON.");
  }
  // An array is an object to JavaScript, and null is not one: say what the body must be.
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new Invalid("The body must be a JSON object.");
  }
  return parse(schema, body);
}

/** The query string, checked against the route's schema. */
export function parseQuery<S extends v.GenericSchema>(
  event: ApiEvent,
  schema: S,
): v.InferOutput<S> {
  return parse(schema, { ...event.queryStringParameters });
}

/** The path parameters, checked against the route's schema (ids must be UUIDs). */
export function parsePath<S extends v.GenericSchema>(event: ApiEvent, schema: S): v.InferOutput<S> {
  return parse(schema, { ...event.pathParameters });
}

export function json(statusCode: number, body: unknown): ApiResult {
  return { statusCode, headers: jsonHeaders, body: JSON.stringify(body) };
}

export function noContent(): ApiResult {
  return { statusCode: 204 };
}

/**
 * A route's Lambda handler: the route's answer or its failure's, and the request's log line. A
 * route whose contract takes no body refuses one before it reads or spends anything: what a client
 * meant by it (`{"upvoted": false}` to a PUT) would otherwise be silently ignored. Every retry of
 * the route's reads and writes ends within one budget, what the invocation has left less the time
 * to answer, so its steps together cannot outlast the function's timeout.
 */
export function apiHandler(
  contract: RouteContract,
  route: (event: ApiEvent) => Promise<ApiResult>,
) {
  return async (event: ApiEvent, context?: Context): Promise<ApiResult> => {
    const started = performance.now();
    beginInvocation(context);
    let result: ApiResult;
    let failure: unknown;
    try {
      if (!contract.body && rawBody(event).byteLength > 0) {
        throw new Invalid("This request takes no body.");
      }
      result = await withinInvocation(context, () => route(event));
    } catch (error) {
      failure = error;
      result = toErrorResult(error);
    }
    const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
    recordRequest({
      requestId: event.requestContext.requestId,
      route: event.routeKey,
      caller: typeof sub === "string" ? sub : undefined,
      result,
      latencyMs: performance.now() - started,
      failure,
    });
    return result;
  };
}
