// `npm run backfill`: the profiles and Top backfill (packages/functions/src/ops/backfill.ts), run
// against the local cloud that `npm run dev` started. Safe to run again.
import "../quiet-sdk-notices";
import { functionEnvironment, runningStack } from "../function-environment";
import type { StackInfo } from "../local-cloud";

/** Runs the backfill with core pointed at this stack, as a deployed function would be. */
export async function backfillStack(stack: StackInfo) {
  Object.assign(process.env, functionEnvironment(stack), {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: stack.cognito.endpoint,
  });
  const { backfill } = await import("@dwipper/functions/ops/backfill");
  return backfill(stack.cognito.userPoolId);
}

async function main() {
  const summary = await backfillStack(await runningStack("npm run backfill"));
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
