// Starts one isolated local cloud (in-memory tables, throwaway pool, free ports) for an integration
// run, in a process of its own, so that another suite's cloud in the same run cannot overwrite its
// functions' environment. Tests create their own users and data, so they can share it and run in
// any order.

import type { CloudProcess } from "@dwipper/local-cloud/cloud-process";
import type { TestProject } from "vitest/node";
import "./provided-context";
import { startSuiteCloud } from "./suite-cloud";

let cloud: CloudProcess | undefined;

export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
  cloud = await startSuiteCloud("test");
  project.provide("stack", cloud.stack);
  project.provide("resourceEnvironment", cloud.resourceEnvironment);
}

export async function teardown() {
  await cloud?.stop();
}
