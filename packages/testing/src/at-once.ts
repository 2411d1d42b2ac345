// Runs commands side by side, each one's output printed whole when it ends so that two never
// interleave, and says which failed: the type checks' three programs (`npm run typecheck`) and the
// suites run beside one another (`npm run test:beside`).
import { spawn } from "node:child_process";

export interface Job {
  /** How the job is named in what is printed. */
  name: string;
  command: string;
  args: string[];
}

/** Runs `jobs` at once and resolves, once every one has ended, with the names of those that failed. */
export async function runAtOnce(jobs: Job[]): Promise<string[]> {
  const passed = await Promise.all(
    jobs.map(
      (job) =>
        new Promise<boolean>((resolve) => {
          const child = spawn(job.command, job.args, { stdio: ["ignore", "pipe", "pipe"] });
          let output = "";
          child.stdout.on("data", (chunk) => {
            output += chunk;
          });
          child.stderr.on("data", (chunk) => {
            output += chunk;
          });
          child.on("close", (code) => {
            if (output) process.stdout.write(`${job.name}\n${output}`);
            resolve(code === 0);
          });
        }),
    ),
  );
  return jobs.filter((_, index) => !passed[index]).map((job) => job.name);
}

/** Ends a script that ran jobs at once with exit code 1, `what` naming `failed`, if any failed. */
export function exitIfAnyFailed(failed: string[], what: string): void {
  if (failed.length === 0) return;
  console.error(`${what}: ${failed.join(", ")}`);
  process.exit(1);
}
