// Bundles a function the way SST builds it for Lambda: esbuild, everything bundled, minified, ESM
// for Node 22.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";

export interface Bundle {
  file: string;
  bytes: number;
}

let outRoot: Promise<string> | undefined;

export async function bundleFunction(entry: string, name: string): Promise<Bundle> {
  outRoot ??= mkdtemp(path.join(tmpdir(), "dwipper-bench-"));
  const file = path.join(await outRoot, name, "index.mjs");
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node22",
    metafile: true,
    logLevel: "silent",
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  const [output] = Object.values(result.metafile.outputs);
  return { file, bytes: output?.bytes ?? 0 };
}
