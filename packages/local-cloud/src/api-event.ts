// The event API Gateway's HTTP API (payload format 2.0, JWT authorizer) hands a function, written
// once: the local gateway builds each request's from what arrived, and tests and the bench build
// theirs from a few fields.
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface ApiRequest {
  method: string;
  /** The route key's path, with `{name}` parameters (`/dwipps/{id}`). */
  routePath: string;
  /** The path as requested (`/dwipps/0b6f…`); the route path when left out. */
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  /** The body as it arrived; text is passed as it is, anything else base64 encoded. */
  body?: { text: string } | { bytes: Buffer };
  /** The verified token's claims, as the authorizer hands them on (see `gatewayClaims`). */
  claims?: Record<string, string | number | boolean | string[]>;
  /** "none" for a route without an authorizer: the event then carries no `authorizer` at all. */
  authorizer?: "jwt" | "none";
  sourceIp?: string;
  userAgent?: string;
  protocol?: string;
  domainName?: string;
  requestId?: string;
  at?: Date;
}

export function apiGatewayEvent(request: ApiRequest): ApiEvent {
  const routeKey = `${request.method} ${request.routePath}`;
  const rawPath = request.rawPath ?? request.routePath;
  const at = request.at ?? new Date();
  const body = request.body;
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: request.rawQueryString ?? "",
    headers: request.headers ?? {},
    ...(request.queryStringParameters && Object.keys(request.queryStringParameters).length > 0
      ? { queryStringParameters: request.queryStringParameters }
      : {}),
    ...(request.pathParameters && Object.keys(request.pathParameters).length > 0
      ? { pathParameters: request.pathParameters }
      : {}),
    ...(body === undefined
      ? { isBase64Encoded: false }
      : "text" in body
        ? { body: body.text, isBase64Encoded: false }
        : { body: body.bytes.toString("base64"), isBase64Encoded: true }),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      ...(request.authorizer === "none"
        ? {}
        : {
            authorizer: {
              principalId: "",
              integrationLatency: 0,
              jwt: { claims: request.claims ?? {}, scopes: null as unknown as string[] },
            },
          }),
      domainName: request.domainName ?? "localhost",
      domainPrefix: (request.domainName ?? "localhost").split(/[.:]/)[0] ?? "localhost",
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol ?? "HTTP/1.1",
        sourceIp: request.sourceIp ?? "127.0.0.1",
        userAgent: request.userAgent ?? "",
      },
      requestId: request.requestId ?? randomUUID(),
      routeKey,
      stage: "$default",
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      // A route without an authorizer gets none; the type (the JWT authorizer's) always has one.
    } as ApiEvent["requestContext"],
  };
}
