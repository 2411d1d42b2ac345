// Type-checks the workspace's three TypeScript programs at once (`npm run typecheck`): the packages
// and tests, the infrastructure program with SST's platform, and the web app. Each tsc keeps about
// one core busy, so on two cores the three together take about two thirds of their time in a row.
// Each one's output is printed whole when it ends, so errors from two programs never interleave.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const programs = ["tsconfig.json", "stacks", "apps/web"];

function check(project: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "-p", project], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (code) => {
      if (output) process.stdout.write(`tsc -p ${project}\n${output}`);
      resolve(code === 0);
    });
  });
}

const passed = await Promise.all(programs.map(check));
const failed = programs.filter((_, index) => !passed[index]);
if (failed.length > 0) {
  console.error(`Type errors in: ${failed.join(", ")}`);
  process.exit(1);
}
