// Starts an isolated Dwipper (local cloud + web dev server, throwaway data, free ports) for the
// run, and hands its stack description to the tests through the environment.
import { startDevStack } from "../packages/local-cloud/src/dev-stack";
import { claimPorts } from "../packages/local-cloud/src/ports";

export default async function globalSetup() {
  // A port for the production build, which the security journey serves beside the dev server.
  const [staticPort] = await claimPorts([
    { port: 0, what: "the built site", variable: "DWIPPER_E2E_STATIC_PORT" },
  ]);
  process.env.DWIPPER_E2E_STATIC_PORT = String(staticPort);
  const devStack = await startDevStack({
    extraWebOrigins: [`http://localhost:${staticPort}`],
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
  process.env.DWIPPER_E2E_STACK = JSON.stringify(devStack.cloud.stack);
  return async () => {
    await devStack.stop();
  };
}
