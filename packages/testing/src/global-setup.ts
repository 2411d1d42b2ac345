// Starts one isolated local cloud (in-memory tables, throwaway pool, free ports) for an integration
// run, in a process of its own, so that another suite's cloud in the same run cannot overwrite its
// functions' environment. Tests create their own users and data, so they can share it and run in
// any order.

import { budgetSettings, DEFAULT_BUDGETS } from "@dwipper/core/budget";
import { type CloudProcess, startCloudProcess } from "@dwipper/local-cloud/cloud-process";
import { SUITE_SHARD_LIFETIME_SECONDS } from "@dwipper/local-cloud/dynamodb";
import type { TestProject } from "vitest/node";
import "./provided-context";

let cloud: CloudProcess | undefined;

export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
  // The budgets the stack deploys, which the tests assert, whatever this process was given (the
  // reliability suite raises them here for its own cloud, in this process).
  cloud = await startCloudProcess(
    // Every stream batch and every notice delivered twice, not a share of them: a subscriber that
    // is not idempotent fails a test every run, not now and then.
    { webUrl: "http://localhost:3000", stage: "test", duplicateRate: 1 },
    {
      ...budgetSettings(DEFAULT_BUDGETS),
      // Shards roll over every few seconds, where AWS's do every few hours: every run meets it.
      DWIPPER_SHARD_LIFETIME_SECONDS: String(SUITE_SHARD_LIFETIME_SECONDS),
    },
  );
  project.provide("stack", cloud.stack);
  project.provide("resourceEnvironment", cloud.resourceEnvironment);
}

export async function teardown() {
  await cloud?.stop();
}
