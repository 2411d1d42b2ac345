// Gives each test worker the environment a deployed function has (SST links, DynamoDB endpoint),
// pointing at the run's local cloud, before any test imports core.
import { inject } from "vitest";

Object.assign(process.env, inject("resourceEnvironment"));
