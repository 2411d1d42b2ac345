// Starts an isolated Dwipper (local cloud + web dev server, throwaway data, free ports) for the
// run, and hands its stack description to the tests through the environment.
import { securityHeaders } from "../apps/web/src/config/security-headers";
import { startDevStack } from "../packages/local-cloud/src/dev-stack";
import { serveStaticSite } from "../packages/local-cloud/src/static-site";
import { webBuildDir } from "../packages/local-cloud/src/web-build";

export default async function globalSetup() {
  // The production build, which the security journey builds and reads beside the dev server. Its
  // server listens now, so its origin (which the API must admit) is known and its port held; it
  // serves whatever the journey builds, with headers filled in once the stack is up.
  const headers: Record<string, string> = {};
  const site = await serveStaticSite(webBuildDir, 0, headers);
  process.env.DWIPPER_E2E_STATIC_URL = site.url;
  const devStack = await startDevStack({
    extraWebOrigins: [site.url],
    nextDistDir: ".next-e2e",
    // As `npm run dev` runs: handlers rebuilt from source when it changes.
    watch: true,
    // Short-lived ID tokens, so that journeys longer than half a minute see the session renew.
    tokenValiditySeconds: 40,
    // Compiled before the first test, so no journey waits on a cold compile.
    warmPaths: [
      "/",
      "/register/",
      "/confirm/",
      "/dev/mailbox/",
      "/me/",
      "/favorites/",
      "/settings/",
      "/forgot-password/",
    ],
    onWebOutput: (line) => {
      if (/error|warn/i.test(line)) process.stderr.write(`[web] ${line}\n`);
    },
  });
  const { stack } = devStack.cloud;
  Object.assign(
    headers,
    securityHeaders({ apiUrl: stack.apiUrl, cognitoUrl: stack.cognito.endpoint }),
  );
  process.env.DWIPPER_E2E_STACK = JSON.stringify(stack);
  return async () => {
    site.server.close();
    await devStack.stop();
  };
}
