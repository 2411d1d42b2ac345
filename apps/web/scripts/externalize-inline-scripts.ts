// Run after `next build`: rewrites every exported page so it has no inline script (see
// inline-scripts.ts). Usage: tsx scripts/externalize-inline-scripts.ts [out-dir]
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { externalizeInlineScripts } from "./inline-scripts";

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const outDir = path.resolve(process.argv[2] ?? "out");
let pages = 0;
let scripts = 0;
for (const file of await htmlFiles(outDir)) {
  const { html, files } = externalizeInlineScripts(await readFile(file, "utf8"));
  for (const script of files) {
    const target = path.join(outDir, script.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, script.body);
  }
  await writeFile(file, html);
  pages++;
  scripts += files.length;
}
console.log(`Moved ${scripts} inline scripts of ${pages} pages into files.`);
