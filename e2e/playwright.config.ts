// How the end-to-end journeys run: Debian's Chromium, two workers in CI, no retries.

import { chromiumLaunchOptions } from "@dwipper/testing/browser";
import { defineConfig } from "@playwright/test";

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  globalSetup: "./global-setup.ts",
  fullyParallel: true,
  forbidOnly: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  // After the run, the journeys that took more than half their timeout (ADR 0062).
  reporter: [["list"], ["./half-timeout-reporter.ts"]],
  use: {
    headless: true,
    // A failed journey keeps its trace (each step's page, its requests, its console) and a
    // screenshot of where it stopped. The trace's film strip is left out: encoding a frame for
    // every paint of every journey cost the suite about an eighth of its time (ADR 0048).
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    // Debian's Chromium, never a downloaded browser.
    launchOptions: chromiumLaunchOptions,
  },
});
