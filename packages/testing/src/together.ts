// Runs npm scripts side by side and fails if any of them fails, each line of their output marked
// with the script's name. `npm test` runs the suites that mostly wait on a local cloud (the
// integration, conformance and reliability suites, and the browser journeys) together: on this
// machine they leave most of its CPU idle one after another. (The reliability suite goes first in
// its lane, so its load runs while the journeys' global setup builds the site, not beside the
// journeys.) Usage: tsx together.ts <script>...
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

function run(script: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        console.log(`[${script}] ${line}`);
      });
    }
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const scripts = process.argv.slice(2);
const codes = await Promise.all(scripts.map(run));
const failed = scripts.filter((_, i) => codes[i] !== 0);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`Passed: ${scripts.join(", ")}`);
