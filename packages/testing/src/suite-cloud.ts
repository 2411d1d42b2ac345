// How an integration suite's cloud is set, in one place: the suite's shared cloud (global-setup.ts)
// and the cloud a test starts for a burst that must not take the shared stack's quotas and
// instances from the tests beside it (crowd.integration.test.ts). Each runs in a process of its
// own, so its functions' environment is its own.
import { budgetSettings, DEFAULT_BUDGETS } from "@dwipper/core/budget";
import { type CloudProcess, startCloudProcess } from "@dwipper/local-cloud/cloud-process";
import { SUITE_SHARD_LIFETIME_SECONDS } from "@dwipper/local-cloud/dynamodb";

/** Starts a cloud as the integration suite's is set, in a process of its own, named `stage`. */
export function startSuiteCloud(stage: string): Promise<CloudProcess> {
  return startCloudProcess(
    // Every stream batch and every notice delivered twice, not a share of them: a subscriber that
    // is not idempotent fails a test every run, not now and then.
    { webUrl: "http://localhost:3000", stage, duplicateRate: 1 },
    {
      // The budgets the stack deploys, which the tests assert, whatever this process was given
      // (the reliability suite raises them for its own cloud, in its own process).
      ...budgetSettings(DEFAULT_BUDGETS),
      // Shards roll over every few seconds, where AWS's do every few hours: every run meets it.
      DWIPPER_SHARD_LIFETIME_SECONDS: String(SUITE_SHARD_LIFETIME_SECONDS),
    },
  );
}
