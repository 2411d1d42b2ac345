// `npm run seed`, `npm run redrive` and `npm run backfill` find the running `npm run dev` by its
// stack file, in the data folder `npm run dev` was started with: absolute, or relative to the
// repository, or `.local/`.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { devDataDir, runningStack } from "./function-environment";
import { listenOnLocalhost } from "./listen";
import { repoRoot } from "./repo-root";

afterEach(() => {
  vi.unstubAllEnvs();
});

it("finds the running stack in a data folder given as an absolute path", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "dwipper-data-"));
  // The stack answers at its mailbox's address while it runs.
  const server = createServer((_, res) => res.end("{}"));
  const mailboxUrl = await listenOnLocalhost(server, 0);
  try {
    await writeFile(path.join(dir, "stack.json"), JSON.stringify({ mailboxUrl }));
    vi.stubEnv("DWIPPER_DATA_DIR", dir);
    expect(devDataDir()).toBe(dir);
    expect(await runningStack("npm run seed")).toEqual({ mailboxUrl });
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

it("takes a relative data folder from the repository's root, and .local/ when none is given", () => {
  vi.stubEnv("DWIPPER_DATA_DIR", "elsewhere/data");
  expect(devDataDir()).toBe(path.join(repoRoot, "elsewhere/data"));
  vi.stubEnv("DWIPPER_DATA_DIR", undefined);
  expect(devDataDir()).toBe(path.join(repoRoot, ".local"));
});
