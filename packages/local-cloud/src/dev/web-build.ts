// The web app's production build (`next build`, then the inline scripts moved out), with the given
// public settings, into apps/web/out. Returns that folder.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../repo-root";

export const webBuildDir = path.join(repoRoot, "apps/web/out");

export function buildWebApp(environment: Record<string, string>): string {
  const build = spawnSync("npm", ["run", "build", "-w", "@dwipper/web"], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...environment },
  });
  if (build.status !== 0) {
    throw new Error(`The web build failed:\n${build.stdout}\n${build.stderr}`);
  }
  return webBuildDir;
}
