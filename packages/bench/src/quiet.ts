// Timings start on a machine at rest: after seeding, the local cloud's background work (the stream's
// subscriber, the topic, notifications) runs on for a while, and would weigh on whatever is timed.
import { readFile } from "node:fs/promises";

async function cpuTimes(): Promise<{ idle: number; total: number }> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
}

/**
 * Waits until the machine's CPUs were at least 70% idle for two seconds running (at most 20 s): an
 * idle local cloud still polls its stream and sweeps expiries, so never quite 100%.
 */
export async function untilQuiet(): Promise<void> {
  let calm = 0;
  const deadline = Date.now() + 20_000;
  while (calm < 2 && Date.now() < deadline) {
    const before = await cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await cpuTimes();
    const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    calm = idle >= 0.7 ? calm + 1 : 0;
  }
}
