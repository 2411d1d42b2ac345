// Starts one isolated local cloud (in-memory tables, throwaway pool, free ports) for an integration
// run. Tests create their own users and data, so they can share it and run in any order.

import { type LocalCloud, startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import type { TestProject } from "vitest/node";
import "./provided-context";

let cloud: LocalCloud | undefined;

export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
  cloud = await startLocalCloud({ webUrl: "http://localhost:3000", stage: "test" });
  project.provide("stack", cloud.stack);
  project.provide("resourceEnvironment", cloud.resourceEnvironment);
}

export async function teardown() {
  await cloud?.stop();
}
