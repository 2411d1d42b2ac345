// Outages: The DynamoDB engine stopped in the middle of a write load and started again, and the user
// pool's keys (JWKS) out of reach. Requests meanwhile get a prompt 503 `unavailable` with
// Retry-After, never a hang or a 500; everything recovers by itself; nothing is half written.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { Dwipp } from "@dwipper/core/dwipp/schema";
import { cognitoClient, confirmFromMailbox, signIn } from "@dwipper/local-cloud/accounts";
import { backfillStack } from "@dwipper/local-cloud/dev/backfill";
import { startGateway } from "@dwipper/local-cloud/gateway";
import { bundlesDir, HandlerBundles } from "@dwipper/local-cloud/handler-bundles";
import { listenOnLocalhost } from "@dwipper/local-cloud/listen";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { isPostConfirmationFailure } from "@dwipper/site/cognito-answers";
import { recordResult } from "@dwipper/testing/results";
import { callApi, createUsers, registerUnconfirmed } from "@dwipper/testing/users";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { describe, expect, inject, it } from "vitest";
import { scale } from "./scale";
import {
  cleanupCaughtUp,
  countDrift,
  isUnavailable,
  ledger,
  postDwipps,
  type Reply,
  send,
} from "./support";

const stack = inject("stack");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fault(action: string) {
  const response = await fetch(`${inject("faultsUrl")}/${action}`, { method: "POST" });
  expect(response.status, `${action}: ${await response.text()}`).toBe(204);
}

describe("the DynamoDB engine stopped mid-load", () => {
  it("answers 503 unavailable meanwhile, recovers by itself, and loses nothing", {
    timeout: 180_000,
  }, async () => {
    const [author, ...writers] = await createUsers(stack, 5, "Outage");
    if (!author) throw new Error("no author");
    const pool = await postDwipps(
      stack,
      author,
      Array.from({ length: 3 }, (_, i) => `Outage target ${i}`),
    );

    interface Sent {
      at: number;
      reply: Reply | "lost" | "timed out";
      post?: { id: string; content: string };
    }
    const sent: Sent[] = [];
    let running = true;
    let restartedAt = Number.POSITIVE_INFINITY;
    const load = writers.map(async (writer, index) => {
      for (let n = 0; running; n++) {
        const target = pool[n % pool.length];
        const at = Date.now();
        if (n % 3 === 0) {
          const post = { id: randomUUID(), content: `During the outage? ${index}-${n}` };
          sent.push({
            at,
            post,
            reply: await send(stack, writer, "POST", "/dwipps", { body: post }),
          });
        } else {
          const kind = n % 3 === 1 ? "upvote" : "favorite";
          const method = n % 2 === 0 ? "PUT" : "DELETE";
          sent.push({ at, reply: await send(stack, writer, method, `/dwipps/${target}/${kind}`) });
        }
      }
    });

    await pause(1_500);
    const stoppedAt = Date.now();
    await fault("dynamodb/stop");
    await pause(scale.outageSeconds * 1_000);
    await fault("dynamodb/start");
    restartedAt = Date.now();
    await pause(3_000);
    running = false;
    await Promise.all(load);

    const replies = sent.map((entry) => entry.reply);
    const hung = replies.filter((reply) => typeof reply === "string");
    const answered = replies.filter((reply): reply is Reply => typeof reply !== "string");
    const unexpected = answered.filter((reply) => reply.status >= 300 && !isUnavailable(reply));
    const duringOutage = answered.filter(isUnavailable);
    // Sent a moment after DynamoDB was back: all must succeed.
    const afterRecovery = sent.filter((entry) => entry.at > restartedAt + 500);
    const notRecovered = afterRecovery.filter(
      (entry) => typeof entry.reply === "string" || entry.reply.status >= 300,
    );

    // Nothing half written: each post is wholly there or not at all (and there if acknowledged)…
    let lostData = 0;
    for (const { post, reply } of sent) {
      if (!post) continue;
      const stored = await send(stack, author, "GET", `/dwipps/${post.id}`);
      if (typeof stored === "string") throw new Error(`reading was ${stored}`);
      const acknowledged = typeof reply !== "string" && reply.status === 201;
      const whole = stored.status === 200 && (stored.json as Dwipp).content === post.content;
      if (acknowledged ? !whole : stored.status !== 404 && !whole) lostData++;
    }
    // …and every counter equals its records.
    for (const id of pool) lostData += countDrift(await ledger(id));

    // The stream subscriber resumed too: a deletion after the restart is cleaned up.
    const writer = writers[0];
    if (!writer) throw new Error("no writer");
    const { leftovers } = await cleanupCaughtUp(stack, author, writer, 20_000);

    await recordResult({
      test: `outage: DynamoDB engine down ${scale.outageSeconds} s mid-load`,
      tried: sent.length,
      passed: sent.length - hung.length - unexpected.length - notRecovered.length,
      lostData,
      detail: `${duringOutage.length} answered 503 unavailable + Retry-After, 0 hung, ${afterRecovery.length} after the restart all served; outage began ${Math.round((stoppedAt - (sent[0]?.at ?? stoppedAt)) / 100) / 10} s in`,
    });
    expect(hung).toEqual([]);
    expect(unexpected.map((reply) => `${reply.status} ${reply.text}`)).toEqual([]);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(notRecovered).toEqual([]);
    expect(lostData).toBe(0);
    expect(leftovers).toBe(0);
  });
});

describe("the DynamoDB engine stopped while someone confirms their account", () => {
  it("answers the confirmation with Cognito's trigger error, keeps the account confirmed, and the backfill makes the profile", {
    timeout: 120_000,
  }, async () => {
    const credentials = await registerUnconfirmed(stack, "Confirmed in an outage");
    const client = cognitoClient(stack);
    try {
      await fault("dynamodb/stop");
      let confirmation: unknown;
      try {
        await confirmFromMailbox(stack, client, credentials.email);
      } catch (error) {
        confirmation = error;
      } finally {
        await fault("dynamodb/start");
      }
      // The trigger could not write the profile; Cognito says so, in the words the web app takes
      // as a done confirmation.
      const answered = confirmation as Error | undefined;
      expect(isPostConfirmationFailure(answered), String(answered)).toBe(true);

      const { idToken } = await signIn(stack, client, credentials.email, credentials.password);
      const sub = String(decodeJwt(idToken).sub);
      const before = await callApi(stack, "GET", `/users/${sub}`, { token: idToken });
      const summary = await backfillStack(stack);
      const after = await callApi(stack, "GET", `/users/${sub}`, { token: idToken });

      await recordResult({
        test: "outage: DynamoDB engine down while an account is confirmed",
        tried: 1,
        passed: before.status === 404 && after.status === 200 ? 1 : 0,
        lostData: after.status === 200 ? 0 : 1,
        detail: `confirmation answered ${answered?.name}; signed in; no profile until the backfill (${summary.profiles} profiles made or kept), then served`,
      });
      expect(before.status).toBe(404);
      expect(after.status).toBe(200);
      expect(after.json).toMatchObject({ id: sub, name: credentials.name });
    } finally {
      client.destroy();
    }
  });
});

describe("the user pool's keys out of reach", () => {
  it("keeps serving with keys already fetched, and refuses other tokens promptly", {
    timeout: 60_000,
  }, async () => {
    const [user] = await createUsers(stack, 1, "Keys");
    if (!user) throw new Error("no user");
    expect((await callApi(stack, "GET", "/dwipps", { token: user.idToken })).status).toBe(200);
    const { privateKey } = await generateKeyPair("RS256");
    const stranger = await new SignJWT({ sub: "someone", token_use: "id" })
      .setProtectedHeader({ alg: "RS256", kid: "unknown-key" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .setIssuer(`${stack.cognito.endpoint}/${stack.cognito.userPoolId}`)
      .setAudience(stack.cognito.userPoolClientId)
      .sign(privateKey);
    await fault("cognito/stop");
    let outcomes: number[] = [];
    try {
      const started = Date.now();
      outcomes = [
        (await callApi(stack, "GET", "/dwipps", { token: user.idToken })).status,
        (await callApi(stack, "GET", "/dwipps", { token: stranger })).status,
      ];
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await fault("cognito/start");
    }
    await recordResult({
      test: "outage: user pool down, keys cached",
      tried: 2,
      passed: Number(outcomes[0] === 200) + Number(outcomes[1] === 401 || outcomes[1] === 503),
      lostData: 0,
      detail: "signed-in requests served; a token with an unknown key refused",
    });
    expect(outcomes[0]).toBe(200);
    expect([401, 503]).toContain(outcomes[1]);
  });

  it("answers 503 while no keys can be fetched, and serves once they can", {
    timeout: 120_000,
  }, async () => {
    const [user] = await createUsers(stack, 1, "Fresh gateway");
    if (!user) throw new Error("no user");
    // The keys reach this gateway through a relay that can fail on demand.
    let relay: "up" | "reset" | "error" = "reset";
    const keysUrl = `${stack.cognito.endpoint}/${stack.cognito.userPoolId}/.well-known/jwks.json`;
    const relayServer: Server = createServer(async (req, res) => {
      if (relay === "reset") {
        req.socket.destroy();
        return;
      }
      if (relay === "error") {
        res.writeHead(500).end("down");
        return;
      }
      const keys = await fetch(keysUrl);
      res.writeHead(keys.status, { "content-type": "application/json" }).end(await keys.text());
    });
    const relayUrl = await listenOnLocalhost(relayServer, 0);
    const cache = await bundlesDir();
    const bundles = new HandlerBundles(path.join(repoRoot, "packages/functions/src"), cache, false);
    const gateway = await startGateway({
      port: 0,
      webOrigins: [],
      issuer: `${stack.cognito.endpoint}/${stack.cognito.userPoolId}`,
      jwksUrl: `${relayUrl}/jwks.json`,
      audience: stack.cognito.userPoolClientId,
      bundles,
    });
    const feed = () =>
      callApi({ ...stack, apiUrl: gateway.url }, "GET", "/me/dwipps", { token: user.idToken });
    try {
      const whileReset = await feed();
      relay = "error";
      const whileFailing = await feed();
      relay = "up";
      const once = await feed();
      relay = "reset";
      const cached = await feed();
      await recordResult({
        test: "outage: user pool keys never fetched",
        tried: 4,
        passed: [
          isUnavailable(whileReset),
          isUnavailable(whileFailing),
          once.status === 200,
          cached.status === 200,
        ].filter(Boolean).length,
        lostData: 0,
        detail: "503 unavailable + Retry-After until the keys arrive, then served (and from cache)",
      });
      expect(isUnavailable(whileReset)).toBe(true);
      expect(isUnavailable(whileFailing)).toBe(true);
      expect(once.status).toBe(200);
      expect(cached.status).toBe(200);
    } finally {
      await new Promise((resolve) => gateway.server.close(resolve));
      gateway.server.closeAllConnections();
      await new Promise((resolve) => relayServer.close(resolve));
      await bundles.dispose();
      await rm(cache, { recursive: true, force: true });
    }
  });
});
