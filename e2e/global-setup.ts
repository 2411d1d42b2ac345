// Starts an isolated Dwipper for the run — the local cloud (throwaway data, free ports) and the web
// app's production build, served as S3 and CloudFront serve it, with the security headers — and
// hands its stack description to the tests through the environment. (The dev server's own form of
// the headers is checked where dev stacks are started: ports.integration.test.ts.)

import { webEnvironment } from "@dwipper/local-cloud/dev/dev-stack";
import { serveStaticSite } from "@dwipper/local-cloud/dev/static-site";
import { buildWebApp, webBuildDir } from "@dwipper/local-cloud/dev/web-build";
import { dynamoDbSettings, SUITE_SHARD_LIFETIME_SECONDS } from "@dwipper/local-cloud/dynamodb";
import { startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { securityHeaders } from "@dwipper/site/security-headers";
import { openStreamShards, readsRightAfterAWrite } from "@dwipper/testing/suite-cloud";

export default async function globalSetup() {
  // The servers listen first, so their origins (which the API must admit) are known. One serves
  // the build with every header; the other without the Content Security Policy, for the journey
  // that shows stored markup stays text even where no policy would stop a script.
  const headers: Record<string, string> = {};
  const withoutPolicy: Record<string, string> = {};
  const site = await serveStaticSite(webBuildDir, 0, headers);
  const open = await serveStaticSite(webBuildDir, 0, withoutPolicy);
  const cloud = await startLocalCloud({
    webUrl: site.url,
    extraWebOrigins: [open.url],
    stage: "e2e",
    // Short-lived ID tokens, so that journeys longer than half a minute see the session renew.
    tokenValiditySeconds: 40,
    // Stream shards that roll over every few seconds, as AWS's do every few hours.
    dynamodb: { ...dynamoDbSettings(), shardLifetimeSeconds: SUITE_SHARD_LIFETIME_SECONDS },
  });
  const { stack } = cloud;
  // Journeys that hold what a person sees while the indexes lag, or as notices arrive in any
  // order, pass on a kinder cloud too: they prove it only on one as weak as AWS (ADR 0065).
  const reads = await readsRightAfterAWrite(stack);
  const kinder =
    reads.eventual || reads.indexed
      ? "answers a read right after a write as current (is DWIPPER_READ_LAG_MS=0 set, or an " +
        "engine that does not lag chosen?)"
      : (await openStreamShards(stack)) < 2
        ? "writes its stream to one shard (is DWIPPER_STREAM_SHARDS set?)"
        : undefined;
  if (kinder) {
    site.server.close();
    open.server.close();
    await cloud.stop();
    throw new Error(`The e2e suite's cloud ${kinder}, where AWS may not.`);
  }
  buildWebApp(webEnvironment(stack));
  const all = securityHeaders({ apiUrl: stack.apiUrl, cognitoUrl: stack.cognito.endpoint });
  Object.assign(headers, all);
  Object.assign(
    withoutPolicy,
    Object.fromEntries(Object.entries(all).filter(([name]) => name !== "content-security-policy")),
  );
  process.env.DWIPPER_E2E_STACK = JSON.stringify(stack);
  process.env.DWIPPER_E2E_OPEN_URL = open.url;
  return async () => {
    site.server.close();
    open.server.close();
    await cloud.stop();
  };
}
