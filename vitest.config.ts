// The test projects `npm test` runs (unit, infra, reliability, integration, conformance).

import path from "node:path";
import { defineConfig } from "vitest/config";

// The SDKs' notices about Node versions say nothing about the code under test.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// `npm test` runs the projects one after another, each by its own script. A plain `vitest run` runs
// them all in one go; each `groupOrder` below has them take turns in the same order, so that the
// load and outage tests never share the machine's cores with another suite. Every suite runs its
// tests in a new order each time (the seed is printed; `--sequence.seed=<seed>` repeats it), so a
// test that leans on another's leftovers shows.
export default defineConfig({
  test: {
    sequence: { shuffle: true },
    // After each run, the tests that took more than half their timeout (ADR 0062); Vitest loads
    // a reporter named by its path itself, TypeScript and all.
    reporters: ["default", "./packages/testing/src/half-timeout-reporter.ts"],
    projects: [
      {
        // The web app's modules: its "@/" path alias and its JSX.
        resolve: { alias: { "@": path.resolve(import.meta.dirname, "apps/web/src") } },
        oxc: { jsx: { runtime: "automatic" } },
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          // A worker keeps the modules it loaded for its next file, rather than loading the SDKs
          // and Powertools afresh for each of sixty: about 35 s where it was 50. A file that
          // changes what others share restores it (spies, stubbed variables, timers) or starts
          // from fresh modules (`vi.resetModules`); the shuffled order finds one that does not
          // (docs/decisions/0047).
          isolate: false,
          // The functions' request logs and metrics have a test of their own.
          env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
          include: [
            "packages/*/src/**/*.test.ts",
            "apps/web/src/**/*.test.ts",
            "apps/web/scripts/**/*.test.ts",
          ],
          exclude: [
            "**/*.integration.test.ts",
            "**/*.reliability.test.ts",
            "**/*.conformance.test.ts",
            "**/node_modules/**",
          ],
        },
      },
      {
        test: {
          name: "infra",
          sequence: { groupOrder: 1 },
          include: ["stacks/**/*.test.ts"],
          // Two programs at once, each in a process of its own (Pulumi's runtime, the environment
          // and the CLI's globals are process-wide); only the main suite's builds the web app, and
          // the others are handed an empty site.
          pool: "forks",
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 3 },
          include: ["packages/*/src/**/*.integration.test.ts"],
          globalSetup: ["packages/testing/src/global-setup.ts"],
          setupFiles: ["packages/testing/src/setup-file.ts"],
          // Two files at once: the suite mostly waits (indexes, throttles, retries), and each test
          // promises to pass beside another caller of the stack (docs/decisions/0043).
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Dwipper's DynamoDB engine against DynamoDB Local (needs Java; skipped without it).
          name: "conformance",
          sequence: { groupOrder: 4 },
          include: ["packages/*/src/**/*.conformance.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Concurrency, load, outages, hostile input and tokens, against a cloud of its own.
          // `npm test` runs it small; `npm run test:reliability` runs it full (packages/reliability).
          name: "reliability",
          sequence: { groupOrder: 2 },
          include: ["packages/reliability/src/**/*.reliability.test.ts"],
          globalSetup: ["packages/reliability/src/global-setup.ts"],
          setupFiles: ["packages/testing/src/setup-file.ts"],
          // Load and outages would distort each other: one file at a time.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
