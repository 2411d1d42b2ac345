/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The stages whose data outlives `sst remove` and whose resources cannot be deleted by accident,
 * whatever they are called. The README deploys with one of these names.
 */
const KEPT_STAGES = ["production", "prod"];

export default $config({
  app(input) {
    const kept = KEPT_STAGES.includes(input?.stage ?? "");
    return {
      name: "dwipper",
      removal: kept ? "retain" : "remove",
      protect: kept,
      home: "aws",
      providers: { aws: { region: "us-east-1" }, random: "4.21.2" },
    };
  },
  async run() {
    const { api } = await import("./stacks/api");
    const { userPool, webClient } = await import("./stacks/auth");
    const { web } = await import("./stacks/web");
    // Alarms are for deployed stages; in dev mode the terminal shows each failure.
    if (!$dev) await import("./stacks/alarms");
    return {
      web: web.url,
      api: api.url,
      userPoolId: userPool.id,
      userPoolClientId: webClient.id,
    };
  },
});
