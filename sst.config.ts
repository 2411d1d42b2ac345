/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "dwipper",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
      providers: { aws: { region: "us-east-1" }, random: "4.21.2" },
    };
  },
  async run() {
    const { api } = await import("./stacks/api");
    const { userPool, webClient } = await import("./stacks/auth");
    const { web } = await import("./stacks/web");
    return {
      web: web.url,
      api: api.url,
      userPoolId: userPool.id,
      userPoolClientId: webClient.id,
    };
  },
});
