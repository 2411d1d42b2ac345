// Bundles a function the way SST builds it for Lambda (everything bundled, minified, ESM for the
// Lambda runtime, dynamic imports in chunks of their own: `lambdaBuildOptions`), and tells what a
// cold start loads, what only a later import does, and where the bytes come from.
import { tmpdir } from "node:os";
import path from "node:path";
import {
  lambdaBuildOptions,
  lambdaEntry,
  lambdaEntryOutput,
  lambdaOutput,
} from "@dwipper/local-cloud/lambda-build";
import { scratchDir } from "@dwipper/local-cloud/scratch-dir";
import * as esbuild from "esbuild";

export interface Bundle {
  /** The entry, `index.mjs`. */
  file: string;
  /** What a cold start loads: the entry and every chunk it imports statically. */
  bytes: number;
  /** The chunks only a dynamic import loads, when the code first needs them. */
  lazyBytes: number;
  /** The loaded bytes by where they came from: an npm package's name, or the workspace's folder. */
  bySource: Map<string, number>;
}

type Outputs = esbuild.Metafile["outputs"];

/** The outputs a cold start loads: `entry` and, transitively, what it imports statically. */
export function loadedAtStart(outputs: Outputs, entry: string): string[] {
  const loaded: string[] = [];
  const visit = (file: string) => {
    if (loaded.includes(file) || !outputs[file]) return;
    loaded.push(file);
    for (const { path: imported, kind } of outputs[file].imports) {
      if (kind === "import-statement") visit(imported);
    }
  };
  visit(entry);
  return loaded;
}

/** `@aws-sdk/core` for a file in that package, `packages/core` for the workspace's own. */
function sourceOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  return input.split("/").slice(0, 2).join("/");
}

/**
 * How much more (or less) `bundle` loads at a cold start than `baseline`, then what it loads that
 * `baseline` does not, by source, largest first, as "name 12.3 kB" (sources adding less than a
 * kilobyte left out), then what it loads only later.
 */
export function describeAdded(bundle: Bundle, baseline: Bundle): string {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const added = [...bundle.bySource]
    .map(([source, bytes]) => [source, bytes - (baseline.bySource.get(source) ?? 0)] as const)
    .filter(([, bytes]) => bytes >= 1000)
    .sort((a, b) => b[1] - a[1]);
  const later =
    bundle.lazyBytes > 0 ? `; and ${kB(bundle.lazyBytes)} loaded when first needed` : "";
  // A function can load less than the baseline in all (no DynamoDB client) and still add its own.
  const difference = bundle.bytes - baseline.bytes;
  const size = `${kB(Math.abs(difference))} ${difference < 0 ? "less" : "more"} than the baseline`;
  return `${size}: ${added.map(([source, bytes]) => `${source} ${kB(bytes)}`).join(", ")}${later}`;
}

let outRoot: Promise<string> | undefined;

export async function bundleFunction(entry: string, name: string): Promise<Bundle> {
  outRoot ??= scratchDir(tmpdir(), "dwipper-bench-");
  const dir = path.join(await outRoot, name);
  const result = await esbuild.build({
    entryPoints: [entry],
    ...lambdaOutput(dir),
    ...lambdaBuildOptions({ for: "lambda", sdk: "bundled" }),
    metafile: true,
  });
  const { outputs } = result.metafile;
  const loaded = loadedAtStart(outputs, lambdaEntryOutput(result.metafile, dir));
  const bySource = new Map<string, number>();
  let bytes = 0;
  let lazyBytes = 0;
  for (const [file, output] of Object.entries(outputs)) {
    if (!loaded.includes(file)) {
      lazyBytes += output.bytes;
      continue;
    }
    bytes += output.bytes;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const source = sourceOf(input);
      bySource.set(source, (bySource.get(source) ?? 0) + bytesInOutput);
    }
  }
  return { file: lambdaEntry(dir), bytes, lazyBytes, bySource };
}
