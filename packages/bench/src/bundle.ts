// Bundles a function the way SST builds it for Lambda (everything bundled, minified, ESM for the
// Lambda runtime: `lambdaBuildOptions`), and tells where its bytes come from.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { lambdaBuildOptions } from "@dwipper/local-cloud/lambda-build";
import * as esbuild from "esbuild";

export interface Bundle {
  file: string;
  bytes: number;
  /** The bundle's bytes by where they came from: an npm package's name, or the workspace's folder. */
  bySource: Map<string, number>;
}

/** `@aws-sdk/core` for a file in that package, `packages/core` for the workspace's own. */
function sourceOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  return input.split("/").slice(0, 2).join("/");
}

/**
 * What `bundle` carries that `baseline` does not, by source, largest first, as "name 12.3 kB"
 * (sources adding less than a kilobyte left out).
 */
export function describeAdded(bundle: Bundle, baseline: Bundle): string {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const added = [...bundle.bySource]
    .map(([source, bytes]) => [source, bytes - (baseline.bySource.get(source) ?? 0)] as const)
    .filter(([, bytes]) => bytes >= 1000)
    .sort((a, b) => b[1] - a[1]);
  return `${kB(bundle.bytes - baseline.bytes)} more than the baseline: ${added.map(([source, bytes]) => `${source} ${kB(bytes)}`).join(", ")}`;
}

let outRoot: Promise<string> | undefined;

export async function bundleFunction(entry: string, name: string): Promise<Bundle> {
  outRoot ??= mkdtemp(path.join(tmpdir(), "dwipper-bench-"));
  const file = path.join(await outRoot, name, "index.mjs");
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: file,
    ...lambdaBuildOptions({ for: "lambda", sdk: "bundled" }),
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  const bySource = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const source = sourceOf(input);
    bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
  }
  return { file, bytes: output?.bytes ?? 0, bySource };
}
