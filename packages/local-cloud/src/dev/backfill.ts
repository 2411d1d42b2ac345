// `npm run backfill`: the profiles and Top backfill (packages/functions/src/ops/backfill.ts), run
// against the local cloud that `npm run dev` started. Safe to run again.
import "../quiet-sdk-notices";
import path from "node:path";
import { functionEnvironment, runningStack } from "../function-environment";
import type { StackInfo } from "../local-cloud";
import { repoRoot } from "../repo-root";

/** Runs the backfill with core pointed at this stack, as a deployed function would be. */
export async function backfillStack(stack: StackInfo) {
  Object.assign(process.env, functionEnvironment(stack), {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: stack.cognito.endpoint,
  });
  const { backfill } = await import("@dwipper/functions/ops/backfill");
  return backfill(stack.cognito.userPoolId);
}

async function main() {
  const stackFile = path.join(repoRoot, process.env.DWIPPER_DATA_DIR ?? ".local", "stack.json");
  const summary = await backfillStack(await runningStack(stackFile, "npm run backfill"));
  console.log(
    `Backfilled: ${summary.profiles} profiles made or kept, ${summary.counted} Dwipps counted, ${summary.ranked} placed in Top.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error("The backfill failed:", error);
    process.exit(1);
  });
}
