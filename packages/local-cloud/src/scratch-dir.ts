// Scratch folders named after the process that made them. A process that is killed (a test run
// stopped by its runner, a local cloud killed rather than stopped) never removes its own, so each
// new one first removes those whose process is gone: what a run leaves behind lasts until the next.
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";

/** Whether a process with this id is running (one we may not signal is running too). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process that made a folder named `<prefix><pid>-…`, or undefined for any other name. */
function ownerOf(name: string, prefix: string): number | undefined {
  const pid = /^(\d+)-/.exec(name.slice(prefix.length))?.[1];
  return pid === undefined ? undefined : Number(pid);
}

/**
 * Removes the folders `<prefix>…` in `parent` that no running process owns (a name without an
 * owner is one made before folders were named this way), then makes one for this process.
 */
export async function scratchDir(parent: string, prefix: string): Promise<string> {
  await mkdir(parent, { recursive: true });
  for (const name of await readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const owner = ownerOf(name, prefix);
    if (owner !== undefined && isRunning(owner)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
  return mkdtemp(path.join(parent, `${prefix}${process.pid}-`));
}
