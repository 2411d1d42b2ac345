// Run after `next build`: bundles src/early-reads.ts on its own, with the build's public settings,
// into a file named by its content's hash, and loads it async at the top of the head of each page
// that opens with reads, so those reads leave with the HTML's first scripts rather than after the
// framework has run (the signed-out feed's first Dwipps about 0.4 s sooner on Lighthouse's phone).
// Usage: tsx scripts/early-reads.ts [out-dir]
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { publicConfigVariables } from "@dwipper/site/public-config";
import { build } from "esbuild";
import { PAGES_WITH_OPENING_READS } from "../src/api/opening-reads";
import { EARLY_SCRIPT_DIR, withEarlyScript } from "./early-script-tag";

const appDir = path.resolve(import.meta.dirname, "..");
const outDir = path.resolve(process.argv[2] ?? "out");

// Next writes each NEXT_PUBLIC_ setting into the app's code at build time; so does this bundle.
const define = Object.fromEntries(
  Object.values(publicConfigVariables).map((name) => [
    `process.env.${name}`,
    JSON.stringify(process.env[name] ?? ""),
  ]),
);

const bundle = await build({
  entryPoints: [path.join(appDir, "src/early-reads.ts")],
  tsconfig: path.join(appDir, "tsconfig.json"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  define: { ...define, "process.env.NODE_ENV": JSON.stringify("production") },
  logLevel: "warning",
});
const code = bundle.outputFiles[0]?.text ?? "";
const src = `${EARLY_SCRIPT_DIR}/${createHash("sha256").update(code).digest("hex").slice(0, 20)}.js`;
await mkdir(path.join(outDir, EARLY_SCRIPT_DIR), { recursive: true });
await writeFile(path.join(outDir, src), code);

for (const page of PAGES_WITH_OPENING_READS) {
  const file = path.join(outDir, page, "index.html");
  await writeFile(file, withEarlyScript(await readFile(file, "utf8"), src));
}
console.log(
  `The early script (${(code.length / 1024).toFixed(1)} kB) heads ${PAGES_WITH_OPENING_READS.join(", ")}.`,
);
