// Which stages keep their data: every stage the README deploys to is retained and protected, and a
// developer's own stage is not.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { repoRoot } from "./testing/mock-deploy";

interface App {
  removal: string;
  protect: boolean;
}
let app: (input: { stage: string }) => App;

beforeAll(async () => {
  // What the SST CLI defines before it loads the config.
  (globalThis as Record<string, unknown>).$config = (config: unknown) => config;
  const config = (await import("../sst.config")) as unknown as {
    default: { app: typeof app };
  };
  app = config.default.app;
});

it("retains and protects every stage the README deploys to", async () => {
  const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
  const stages = [...readme.matchAll(/sst deploy[^\n`]*--stage ([\w-]+)/g)].map(
    (match) => match[1] ?? "",
  );
  expect(stages.length).toBeGreaterThan(0);
  for (const stage of new Set([...stages, "production"])) {
    expect(app({ stage }), stage).toMatchObject({ removal: "retain", protect: true });
  }
});

it("lets a developer's own stage be removed", () => {
  expect(app({ stage: "ada" })).toMatchObject({ removal: "remove", protect: false });
});
