// How a function is bundled for Lambda, written once for the local cloud's handlers, the infra
// suite's stand-in for SST's build and the bench: esbuild, one ESM file for Node, everything but
// (optionally) the AWS SDK bundled, and `require` available to the CommonJS code inside. As the SST
// CLI's Node.js builder does for an ESM function, packages are taken from their ES module builds
// where they have one (`module` before `main`, so the SDK's unused commands are shaken out) and
// names are kept.
import { LAMBDA_NODE_VERSION } from "@dwipper/functions/routes";
import type { BuildOptions } from "esbuild";

export interface LambdaBuild {
  /** As deployed: minified, for Node 22. Locally: readable, for the Node that runs it. */
  for: "lambda" | "this-node";
  /**
   * Whether the AWS SDK is in the bundle, as SST deploys it; left to node_modules where only the
   * handler's own code matters (the local cloud, the infra suite's resolution check).
   */
  sdk: "bundled" | "external";
}

export function lambdaBuildOptions(build: LambdaBuild): BuildOptions {
  const major = build.for === "lambda" ? LAMBDA_NODE_VERSION : process.versions.node.split(".")[0];
  return {
    bundle: true,
    platform: "node",
    format: "esm",
    mainFields: ["module", "main"],
    keepNames: true,
    target: `node${major}`,
    minify: build.for === "lambda",
    ...(build.sdk === "external" ? { external: ["@aws-sdk/*"] } : {}),
    logLevel: "silent",
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  };
}
