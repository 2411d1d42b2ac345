// The local API Gateway: serves the route table, verifies Cognito ID tokens as the JWT authorizer
// does (signature, issuer, audience, expiry) on every signed-in route, throttles each route as the
// stage does, hands API Gateway HTTP API v2 events with the claims to the real handlers (and
// answers 500, as a Lambda stopped at its timeout leaves API Gateway to, when one runs past it, and
// 503 when a function, its start included, has not answered within the integration's timeout), and
// answers CORS for the web origin only. The local cloud's own pages (the mailbox) are served beside
// it on the same port (`localPages`). What API Gateway answers itself (no route, a refused token,
// throttling, a failed integration) has AWS's body and no CORS headers: AWS documents adding them
// to an integration's responses only, so the web app must cope with a browser that cannot read
// those. A request whose line and header values pass an HTTP API's quota is refused the same way.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tokenBucket } from "@dwipper/dynamodb-engine/token-bucket";
import { API_CORS } from "@dwipper/functions/cors";
import { poolKeys, verifyBearer } from "@dwipper/functions/pool-token";
import {
  API_INTEGRATION_TIMEOUT_SECONDS,
  LAMBDA_TIMEOUT_SECONDS,
  type Route,
  routeKey,
  routes,
  type Throttle,
} from "@dwipper/functions/routes";
import type { JWTPayload } from "jose";
import { apiGatewayEvent } from "./api-event";
import { type HandlerBundles, withInstance } from "./handler-bundles";
import { ConcurrencyLimit } from "./lambda-concurrency";
import { lambdaContext } from "./lambda-context";
import { TimedOut, within } from "./lambda-timeout";
import { listenOnLocalhost } from "./listen";

/** The answer headers a page may read, on a preflight's answer and on a function's alike. */
const exposedHeaders = { "access-control-expose-headers": API_CORS.exposeHeaders.join(",") };

/** API Gateway's own limit on a request body; the functions enforce the API's smaller one. */
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

/**
 * An HTTP API's quota on a request's line and its header values together, which cannot be raised.
 * Node refuses only past 16 kB of head, so the gateway counts for itself.
 */
export const MAX_REQUEST_HEAD_BYTES = 10_240;

/** A request's line and header values, as bytes on the wire, as the quota counts them. */
function requestHeadBytes(req: IncomingMessage): number {
  const line = `${req.method} ${req.url} HTTP/${req.httpVersion}`;
  const values = req.rawHeaders.filter((_, index) => index % 2 === 1);
  return [line, ...values].reduce((sum, text) => sum + Buffer.byteLength(text, "latin1"), 0);
}

/**
 * Lambda's limit on a synchronous invocation's event, and on its answer, as JSON: past it Lambda
 * refuses the invocation (or fails it), and API Gateway answers 500 itself.
 */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

const payloadBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "");

export interface GatewayOptions {
  port: number;
  /** The origins of the web app (the dev server, and a built site when one is served). */
  webOrigins: string[];
  issuer: string;
  jwksUrl: string;
  audience: string;
  bundles: HandlerBundles;
  /** What the local cloud serves beside the API on this port, by path (GET only; not deployed). */
  localPages?: Record<string, LocalPage>;
  /** Every route's throttle in place of its own from the route table (for load and its tests). */
  throttle?: Throttle;
  /** How long a function may run, ms: Lambda's timeout unless a test needs a shorter one. */
  functionTimeoutMs?: number;
  /** How long the gateway waits for a function, ms: the integration's timeout unless a test needs a shorter one. */
  integrationTimeoutMs?: number;
  /** The account's Lambda concurrency, shared with the cloud's other functions. */
  concurrency?: ConcurrencyLimit;
}

/** A page of the local cloud's own: answers a GET with JSON. */
export type LocalPage = (query: URLSearchParams) => unknown;

/** API Gateway's own answers: its body, JSON, and (see above) no CORS headers. */
const gatewayAnswer = (message: string) => JSON.stringify({ message });
const gatewayJson = { "content-type": "application/json" };

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  params: string[];
}

function compile(route: Route): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
      params.push(name);
      return "([^/]+)";
    });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

const textTypes = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml))/i;

/** Claims as API Gateway passes them to a function: every value a string. */
function gatewayClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      typeof value === "string"
        ? value
        : Array.isArray(value)
          ? `[${value.join(" ")}]`
          : String(value),
    ]),
  );
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, headers);
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_GATEWAY_BODY) {
        resolve("too-large");
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * How long API Gateway's JWT authorizer waits for the pool's key set ("Timeout for JSON Web Key Set
 * endpoint", an HTTP API quota that cannot be raised): keys not fetched by then are unreachable.
 */
export const JWKS_TIMEOUT_MS = 1_500;

export async function startGateway(
  options: GatewayOptions,
): Promise<{ server: Server; url: string }> {
  // As API Gateway chooses: a path of literal segments before one with parameters where both match
  // (`/dwipps/top` before `/dwipps/{id}`).
  const compiled = routes.map(compile).sort((a, b) => a.params.length - b.params.length);
  const jwks = poolKeys(options.jwksUrl, JWKS_TIMEOUT_MS);
  const concurrency = options.concurrency ?? new ConcurrencyLimit();
  // Each route has a bucket of its own, as each has its own throttle on the stage.
  const admit = new Map(
    routes.map((route) => [route, tokenBucket(options.throttle ?? route.throttle)]),
  );

  /**
   * The verified claims; undefined for a missing or bad token; "unavailable" when the pool's keys
   * could not be fetched to check it (none cached yet, and the pool unreachable).
   */
  async function authorize(
    header: string | undefined,
  ): Promise<JWTPayload | undefined | "unavailable"> {
    const claims = await verifyBearer(header, jwks, {
      issuer: options.issuer,
      audience: options.audience,
    });
    return claims === "refused" ? undefined : claims;
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !options.webOrigins.includes(origin)) return {};
    return {
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "false",
      vary: "origin",
    };
  }

  /** Runs one invocation on an instance of its own: its result, or "failed" (said on stderr). */
  async function invoke(
    file: string,
    key: string,
    event: ReturnType<typeof apiGatewayEvent>,
  ): Promise<{ result: unknown } | "failed"> {
    if (payloadBytes(event) > LAMBDA_PAYLOAD_BYTES) {
      console.error(`[gateway] ${key} refused by Lambda: its event is over 6 MB`);
      return "failed";
    }
    // Lambda throttles an invocation past the account's concurrency without running it, and API
    // Gateway answers the request 500 itself.
    const slot = concurrency.tryStart();
    if (!slot) {
      console.error(
        `[gateway] ${key} throttled: the account's ${concurrency.limit} concurrent invocations are all running`,
      );
      return "failed";
    }
    try {
      const timeoutMs = options.functionTimeoutMs ?? LAMBDA_TIMEOUT_SECONDS * 1000;
      // On AWS the function is stopped at its timeout. Here its thread stops it there (it sends no
      // more requests), its answer is not waited for, and its instance serves nothing more.
      const result = await withInstance(options.bundles, file, (handler) =>
        within(
          () =>
            handler(
              event,
              lambdaContext({
                functionName: file,
                awsRequestId: event.requestContext.requestId,
                deadline: Date.now() + timeoutMs,
              }),
            ),
          timeoutMs,
        ),
      );
      if (payloadBytes(result) > LAMBDA_PAYLOAD_BYTES) {
        console.error(`[gateway] ${key} failed: its answer is over Lambda's 6 MB`);
        return "failed";
      }
      return { result };
    } catch (error) {
      if (error instanceof TimedOut) console.error(`[gateway] ${key} ${error.message}`);
      else console.error(`[gateway] ${key} failed:`, error);
      return "failed";
    } finally {
      // Stopped at its timeout on AWS, an invocation gives its slot back there.
      slot();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // What API Gateway answers past its quota is not documented: a refusal without CORS headers,
    // like its other answers, which a page cannot read, is the weaker case.
    if (requestHeadBytes(req) > MAX_REQUEST_HEAD_BYTES) {
      send(res, 431, gatewayAnswer("Request Header Fields Too Large"), gatewayJson);
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const cors = corsHeaders(req);

    if (method === "OPTIONS") {
      const allowed = Object.keys(cors).length > 0;
      send(res, 204, undefined, {
        ...cors,
        ...(allowed
          ? {
              "access-control-allow-methods": API_CORS.allowMethods.join(","),
              "access-control-allow-headers": API_CORS.allowHeaders.join(","),
              "access-control-max-age": String(API_CORS.maxAgeSeconds),
              ...exposedHeaders,
            }
          : {}),
      });
      return;
    }

    const localPage = options.localPages?.[url.pathname];
    if (localPage && method === "GET") {
      send(res, 200, JSON.stringify(localPage(url.searchParams)), {
        ...cors,
        "content-type": "application/json; charset=utf-8",
      });
      return;
    }

    const methodMatches = compiled.filter((entry) => entry.pattern.test(url.pathname));
    const match = methodMatches.find((entry) => entry.route.method === method);
    if (!match) {
      send(res, 404, gatewayAnswer("Not Found"), gatewayJson);
      return;
    }

    if (!admit.get(match.route)?.()) {
      send(res, 429, gatewayAnswer("Too Many Requests"), gatewayJson);
      return;
    }

    // A public route has no authorizer: its function gets the header and checks it (ADR 0013).
    const claims =
      match.route.access === "public" ? "none" : await authorize(req.headers.authorization);
    if (claims === "unavailable") {
      send(
        res,
        503,
        JSON.stringify({
          error: { code: "unavailable", message: "Sign-in cannot be checked right now." },
        }),
        { ...gatewayJson, "retry-after": "1" },
      );
      return;
    }
    if (!claims) {
      send(res, 401, gatewayAnswer("Unauthorized"), {
        ...gatewayJson,
        "www-authenticate": 'Bearer error="invalid_token"',
      });
      return;
    }

    const body = await readBody(req);
    if (body === "too-large") {
      send(res, 413, gatewayAnswer("Request Entity Too Large"), gatewayJson);
      return;
    }

    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    const pathParameters = Object.fromEntries(
      match.params.map((name, i) => [name, decodeURIComponent(values[i] ?? "")]),
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) {
      query[name] = name in query ? `${query[name]},${value}` : value;
    }
    const isText = body.byteLength === 0 || textTypes.test(headers["content-type"] ?? "");
    const key = routeKey(match.route);
    const event = apiGatewayEvent({
      method,
      routePath: match.route.path,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: query,
      pathParameters,
      ...(body.byteLength > 0
        ? { body: isText ? { text: body.toString("utf8") } : { bytes: body } }
        : {}),
      ...(claims === "none" ? { authorizer: "none" as const } : { claims: gatewayClaims(claims) }),
      domainName: req.headers.host ?? "localhost",
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
      userAgent: req.headers["user-agent"] ?? "",
    });

    // API Gateway waits for the function, its start included, only as long as the integration's
    // timeout; then it answers 503 itself, and the invocation runs on with no one to answer.
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      invoke(match.route.file, key, event),
      new Promise<"integration timed out">((resolve) => {
        timer = setTimeout(
          () => resolve("integration timed out"),
          options.integrationTimeoutMs ?? API_INTEGRATION_TIMEOUT_SECONDS * 1000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome === "integration timed out") {
      console.error(`[gateway] ${key} was not answered within the integration's timeout`);
      send(res, 503, gatewayAnswer("Service Unavailable"), gatewayJson);
      return;
    }
    if (outcome === "failed") {
      send(res, 500, gatewayAnswer("Internal Server Error"), gatewayJson);
      return;
    }
    const { result } = outcome;
    const structured =
      typeof result === "object" && result !== null && "statusCode" in result
        ? (result as {
            statusCode: number;
            headers?: Record<string, string | number | boolean>;
            body?: string;
            isBase64Encoded?: boolean;
          })
        : {
            statusCode: 200,
            headers: { "content-type": "application/json" },
            body: JSON.stringify(result),
          };
    const responseHeaders = Object.fromEntries(
      Object.entries(structured.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    const responseBody =
      structured.body === undefined
        ? undefined
        : structured.isBase64Encoded
          ? Buffer.from(structured.body, "base64")
          : structured.body;
    // As API Gateway with CORS configured: the configured headers, not the function's own.
    const ownHeaders = Object.fromEntries(
      Object.entries(responseHeaders).filter(([name]) => !/^access-control-/i.test(name)),
    );
    send(res, structured.statusCode, responseBody, {
      ...ownHeaders,
      ...cors,
      ...(Object.keys(cors).length > 0 ? exposedHeaders : {}),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("[gateway]", error);
      if (!res.headersSent) send(res, 500, gatewayAnswer("Internal Server Error"), gatewayJson);
      else res.destroy();
    });
  });
  return { server, url: await listenOnLocalhost(server, options.port) };
}
