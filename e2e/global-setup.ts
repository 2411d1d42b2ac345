// Starts an isolated Dwipper (local cloud + web dev server, throwaway data, free ports) for the
// run, and hands its stack description to the tests through the environment.
import { startDevStack } from "../packages/local-cloud/src/dev-stack";

export default async function globalSetup() {
  const devStack = await startDevStack({
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
