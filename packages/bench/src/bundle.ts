// Bundles a function the way SST builds it for Lambda: everything bundled, minified, ESM for the
// Lambda runtime (`lambdaBuildOptions`).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { lambdaBuildOptions } from "@dwipper/local-cloud/lambda-build";
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
    ...lambdaBuildOptions({ for: "lambda", sdk: "bundled" }),
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  return { file, bytes: output?.bytes ?? 0 };
}
