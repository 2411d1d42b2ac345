// Type-checks the workspace's three TypeScript programs at once (`npm run typecheck`): the packages
// and tests, the infrastructure program with SST's platform, and the web app. Each tsc keeps about
// one core busy, so on two cores the three together take about two thirds of their time in a row.
import { createRequire } from "node:module";
import { exitIfAnyFailed, runAtOnce } from "./at-once";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const programs = ["tsconfig.json", "stacks", "apps/web"];

const failed = await runAtOnce(
  programs.map((project) => ({
    name: `tsc -p ${project}`,
    command: process.execPath,
    args: [tsc, "-p", project],
  })),
);
exitIfAnyFailed(failed, "Type errors in");
