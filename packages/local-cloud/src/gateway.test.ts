// The local gateway's throttles: API Gateway's token bucket, one per route, and its own 429 (its
// body, no Retry-After, no CORS headers), answered before any token is checked or function run;
// its 500 when a function runs past its timeout, as Lambda stops it there; and its 503 when a function,
// its start included, has not answered within the integration's timeout; and its 500 when Lambda
// throttles an invocation past the account's concurrency, or whose event or answer is over 6 MB.
import { createServer } from "node:http";
import { connect } from "node:net";
import { LAMBDA_MEMORY_MB } from "@dwipper/functions/routes";
import type { Context } from "aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import {
  type GatewayOptions,
  JWKS_TIMEOUT_MS,
  LAMBDA_PAYLOAD_BYTES,
  MAX_REQUEST_HEAD_BYTES,
  startGateway,
} from "./gateway";
import type { HandlerBundles } from "./handler-bundles";
import { ConcurrencyLimit } from "./lambda-concurrency";
import { listenOnLocalhost } from "./listen";

const webUrl = "http://localhost:3000";

/**
 * A gateway for the web app's origin; with no pool given, none behind it (no token is ever
 * checked).
 */
const gatewayWith = (
  options: Pick<
    GatewayOptions,
    "bundles" | "throttle" | "functionTimeoutMs" | "integrationTimeoutMs" | "concurrency"
  > &
    Partial<Pick<GatewayOptions, "issuer" | "jwksUrl" | "audience">>,
) =>
  startGateway({
    port: 0,
    webOrigins: [webUrl],
    issuer: "http://localhost/unused",
    jwksUrl: "http://localhost/unused/jwks.json",
    audience: "unused",
    ...options,
  });

/**
 * A user pool of the test's own: its key set served from `jwksUrl` (after `delayMs`), and an ID
 * token its key signed for the audience "client".
 */
async function poolOfOwn(delayMs = 0) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const key = { ...(await exportJWK(publicKey)), kid: "test", alg: "RS256" };
  const jwks = createServer((_, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [key] }));
    }, delayMs);
  });
  const jwksUrl = await listenOnLocalhost(jwks, 0);
  const issuer = "http://localhost/pool";
  const token = await new SignJWT({ token_use: "id" })
    .setProtectedHeader({ alg: "RS256", kid: "test" })
    .setIssuer(issuer)
    .setAudience("client")
    .setSubject("someone")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(privateKey);
  const close = () => {
    jwks.closeAllConnections();
    jwks.close();
  };
  return { jwksUrl, issuer, token, close };
}

/** Bundles whose every function is `handler`, in one instance that is never dropped. */
const serving = (handler: unknown) =>
  ({ acquire: async () => ({ handler, release: () => {} }) }) as unknown as HandlerBundles;

/** A gateway that checks tokens against `pool` (audience "client"), every route run by `handler`. */
const gatewayCheckingTokens = (pool: { jwksUrl: string; issuer: string }, handler: unknown) =>
  gatewayWith({ ...pool, audience: "client", bundles: serving(handler) });

describe("a function that runs past its timeout", () => {
  it("gets API Gateway's 500 (its body, no CORS headers) and its instance is dropped, while one within it is answered", async () => {
    let takesMs = 0;
    const handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, takesMs));
      return { statusCode: 200, body: "{}" };
    };
    // Whether each invocation's instance was handed back for another.
    const reused: boolean[] = [];
    const gateway = await gatewayWith({
      bundles: {
        acquire: async () => ({ handler, release: (reusable: boolean) => reused.push(reusable) }),
      } as unknown as HandlerBundles,
      functionTimeoutMs: 100,
    });
    try {
      // A public route: no token to check.
      const call = () => fetch(`${gateway.url}/dwipps`, { headers: { origin: webUrl } });
      takesMs = 10;
      expect((await call()).status).toBe(200);
      takesMs = 300;
      const late = await call();
      expect(late.status).toBe(500);
      expect(await late.json()).toEqual({ message: "Internal Server Error" });
      expect(late.headers.get("access-control-allow-origin")).toBeNull();
      // As Lambda starts a timed-out instance afresh, it serves nothing more.
      expect(reused).toEqual([true, false]);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

describe("a route's invocation", () => {
  it("is handed Lambda's context: its names, the request's id and the time left of its timeout", async () => {
    const seen: Context[] = [];
    const handler = async (_event: unknown, context: Context) => {
      seen.push(context);
      const atStart = context.getRemainingTimeInMillis();
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // A timer can fire early by as long as the event loop's turn had run when it was set.
      const waited = Date.now() - started;
      return {
        statusCode: 200,
        body: JSON.stringify({ atStart, waited, later: context.getRemainingTimeInMillis() }),
      };
    };
    const gateway = await gatewayWith({
      bundles: serving(handler),
      functionTimeoutMs: 5_000,
    });
    try {
      const answer = await fetch(`${gateway.url}/dwipps`, { headers: { origin: webUrl } });
      const { atStart, waited, later } = await answer.json();
      expect(atStart).toBeLessThanOrEqual(5_000);
      expect(atStart).toBeGreaterThan(4_000);
      expect(waited).toBeGreaterThan(0);
      expect(Math.abs(atStart - later - waited)).toBeLessThanOrEqual(2);
      expect(seen[0]).toMatchObject({
        functionName: "http/list-feed",
        memoryLimitInMB: String(LAMBDA_MEMORY_MB),
        invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:/),
      });
      expect(seen[0]?.awsRequestId).toMatch(/./);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

describe("a function not answered within the integration's timeout", () => {
  it("gets API Gateway's 503 (its body, no CORS headers) however long its start took, and the invocation runs on", async () => {
    let startMs = 0;
    const finished: string[] = [];
    const handler = async (event: { rawPath: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(event.rawPath);
      return { statusCode: 200, body: "{}" };
    };
    const gateway = await gatewayWith({
      bundles: {
        // An instance that takes `startMs` to start, as a cold start under load may.
        acquire: async () => {
          await new Promise((resolve) => setTimeout(resolve, startMs));
          return { handler, release() {} };
        },
      } as unknown as HandlerBundles,
      // The function itself is well within its own timeout: the wait is the start.
      functionTimeoutMs: 1_000,
      integrationTimeoutMs: 150,
    });
    try {
      const call = (path: string) =>
        fetch(`${gateway.url}${path}`, { headers: { origin: webUrl } });
      expect((await call("/dwipps")).status).toBe(200);
      startMs = 300;
      const late = await call("/dwipps/top");
      expect(late.status).toBe(503);
      expect(await late.json()).toEqual({ message: "Service Unavailable" });
      expect(late.headers.get("access-control-allow-origin")).toBeNull();
      expect(finished).toEqual(["/dwipps"]);
      // Lambda is not told the gateway gave up: the invocation completes with no one to answer.
      await vi.waitFor(() => expect(finished).toEqual(["/dwipps", "/dwipps/top"]), {
        timeout: 1_000,
      });
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

describe("a throttled request", () => {
  it("gets API Gateway's 429 (its body, no Retry-After, no CORS headers), on its route only", async () => {
    const gateway = await gatewayWith({
      // Throttling answers before any function is looked up.
      bundles: {} as HandlerBundles,
      throttle: { rateLimit: 0.001, burstLimit: 1 },
    });
    try {
      const call = () => fetch(`${gateway.url}/me/dwipps`, { headers: { origin: webUrl } });
      expect((await call()).status).toBe(401);
      const throttled = await call();
      expect(throttled.status).toBe(429);
      expect(await throttled.json()).toEqual({ message: "Too Many Requests" });
      expect(throttled.headers.get("retry-after")).toBeNull();
      expect(throttled.headers.get("access-control-allow-origin")).toBeNull();
      // Another route has a bucket of its own.
      const other = await fetch(`${gateway.url}/me/favorites`, { headers: { origin: webUrl } });
      expect(other.status).toBe(401);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

/**
 * Sends `head` as written, on a connection of its own, and reads the answer's status line and
 * headers: fetch adds headers of its own, and the quota below is counted to the byte.
 */
function sendHead(url: string, head: string): Promise<{ status: number; headers: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect(Number(port), hostname, () => socket.write(head, "latin1"));
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [statusLine = "", ...headers] = answer.split("\r\n\r\n")[0]?.split("\r\n") ?? [];
      resolve({ status: Number(statusLine.split(" ")[1]), headers: headers.join("\n") });
    });
  });
}

describe("a request whose line and header values pass an HTTP API's 10,240 bytes", () => {
  it("is refused (no CORS headers) and no function runs, while one of exactly 10,240 bytes is served", async () => {
    let runs = 0;
    const gateway = await gatewayWith({
      bundles: serving(async () => {
        runs++;
        return { statusCode: 200, body: "{}" };
      }),
    });
    try {
      // Counted: the request line, then each header's value.
      const line = "GET /dwipps HTTP/1.1";
      const values = ["localhost", webUrl, "close"];
      const used = [line, ...values].join("").length;
      const request = (padding: number) =>
        sendHead(
          gateway.url,
          `${line}\r\nHost: ${values[0]}\r\nOrigin: ${values[1]}\r\nConnection: ${values[2]}\r\n` +
            `X-Padding: ${"p".repeat(padding)}\r\n\r\n`,
        );
      const atQuota = await request(MAX_REQUEST_HEAD_BYTES - used);
      expect(atQuota.status).toBe(200);
      expect(atQuota.headers).toContain(`access-control-allow-origin: ${webUrl}`);
      expect(runs).toBe(1);
      const over = await request(MAX_REQUEST_HEAD_BYTES - used + 1);
      expect(over.status).toBe(431);
      expect(over.headers).not.toContain("access-control-allow-origin");
      expect(runs).toBe(1);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

describe("an invocation past the account's Lambda concurrency", () => {
  it("is not run, and gets API Gateway's 500 (its body, no CORS headers), until a slot is free", async () => {
    let finish: () => void = () => {};
    let invocations = 0;
    const handler = async () => {
      invocations++;
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return { statusCode: 200, body: "{}" };
    };
    const gateway = await gatewayWith({
      bundles: serving(handler),
      concurrency: new ConcurrencyLimit(1),
    });
    try {
      const call = () => fetch(`${gateway.url}/dwipps`, { headers: { origin: webUrl } });
      const running = call();
      await vi.waitFor(() => expect(invocations).toBe(1));
      const throttled = await call();
      expect(throttled.status).toBe(500);
      expect(await throttled.json()).toEqual({ message: "Internal Server Error" });
      expect(throttled.headers.get("access-control-allow-origin")).toBeNull();
      expect(invocations).toBe(1);
      finish();
      expect((await running).status).toBe(200);
      const next = call();
      await vi.waitFor(() => expect(invocations).toBe(2));
      finish();
      expect((await next).status).toBe(200);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
    }
  });
});

describe("an event or an answer over Lambda's 6 MB", () => {
  it("gets API Gateway's 500: the event's function is not run, the answer is not passed on", async () => {
    const { jwksUrl, issuer, token, close } = await poolOfOwn();
    const bodies: number[] = [];
    let answerBytes = 10;
    const handler = async (event: { body?: string }) => {
      bodies.push(event.body?.length ?? 0);
      return { statusCode: 200, body: "x".repeat(answerBytes) };
    };
    const gateway = await gatewayCheckingTokens({ jwksUrl, issuer }, handler);
    try {
      const post = (bytes: number) =>
        fetch(`${gateway.url}/dwipps`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: "x".repeat(bytes),
        });
      const over = await post(LAMBDA_PAYLOAD_BYTES + 1);
      expect(over.status).toBe(500);
      expect(await over.json()).toEqual({ message: "Internal Server Error" });
      expect(bodies).toEqual([]);
      // Under it, the function runs (and would refuse so large a body itself).
      expect((await post(1024 * 1024)).status).toBe(200);
      expect(bodies).toEqual([1024 * 1024]);

      answerBytes = LAMBDA_PAYLOAD_BYTES + 1;
      const big = await post(10);
      expect(big.status).toBe(500);
      expect(await big.json()).toEqual({ message: "Internal Server Error" });
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
      close();
    }
  });
});

describe("the pool's key set", () => {
  it("not fetched within API Gateway's 1.5 s leaves a request unchecked: 503, and no function runs", async () => {
    // A key set that answers after 2 s, which the authorizer does not wait for.
    const { jwksUrl, issuer, token, close } = await poolOfOwn(JWKS_TIMEOUT_MS + 500);
    let ran = 0;
    const gateway = await gatewayCheckingTokens({ jwksUrl, issuer }, async () => {
      ran++;
      return { statusCode: 201, body: "{}" };
    });
    try {
      const answer = await fetch(`${gateway.url}/dwipps`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(answer.status).toBe(503);
      expect(ran).toBe(0);
    } finally {
      gateway.server.closeAllConnections();
      gateway.server.close();
      close();
    }
  });
});
