// How a function is bundled for Lambda, written once for the local cloud's handlers, the infra
// suite's stand-in for SST's build and the bench: esbuild, ESM for Node, everything but (optionally)
// the AWS SDK bundled, and `require` available to the CommonJS code inside. As the SST CLI's Node.js
// builder does for an ESM function, packages are taken from their ES module builds where they have
// one (`module` before `main`, so the SDK's unused commands are shaken out) and names are kept.
// Code a function imports dynamically goes to a chunk of its own (the stack's `splitting`), so a
// cold start does not compile what it may never run: the built function is a folder, its entry
// `index.mjs` (`lambdaOutput`).
import path from "node:path";
import { LAMBDA_NODE_VERSION } from "@dwipper/functions/routes";
import type { BuildOptions, Metafile } from "esbuild";

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
    splitting: true,
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

/** Where a function's build goes: its folder, with the entry as `index.mjs` beside its chunks. */
export function lambdaOutput(
  dir: string,
): Pick<BuildOptions, "outdir" | "entryNames" | "outExtension"> {
  return { outdir: dir, entryNames: "index", outExtension: { ".js": ".mjs" } };
}

/** The entry a build into `dir` makes (`lambdaOutput`). */
export const lambdaEntry = (dir: string) => path.join(dir, "index.mjs");

/**
 * The entry's key among a build's outputs (relative to where esbuild ran). Every chunk a dynamic
 * import loads names an entry point of its own too, so the function's is found by its file.
 */
export function lambdaEntryOutput(metafile: Metafile, dir: string): string {
  const entry = Object.keys(metafile.outputs).find(
    (file) => path.resolve(file) === lambdaEntry(dir),
  );
  if (!entry) throw new Error(`No entry was built into ${dir}.`);
  return entry;
}
