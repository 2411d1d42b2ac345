// The infra suite catches a broken route table: a handler path that resolves to no exported
// function stops the deploy. (Run in its own file: Pulumi's runtime holds one program per process.)
import { expect, it, vi } from "vitest";
import { mockDeploy } from "./testing/mock-deploy";

vi.mock("@dwipper/functions/routes", async (importOriginal) => {
  const original = await importOriginal<typeof import("@dwipper/functions/routes")>();
  const broken = {
    links: [],
    writes: false,
    throttle: original.defaultThrottle,
    access: "signed-in",
  } as const;
  return {
    ...original,
    routes: [
      ...original.routes,
      { method: "GET", path: "/missing", file: "http/no-such-handler", ...broken },
      { method: "GET", path: "/unexported", file: "api-handler", ...broken },
    ],
  };
});

it("refuses handler paths that do not resolve to an exported handler", async () => {
  const deploy = await mockDeploy({ stage: "breakage", runCommands: false });
  expect(deploy.errors.join("\n")).toMatch(/Could not resolve .*no-such-handler/);
  expect(deploy.errors.join("\n")).toMatch(/api-handler\.ts does not export "handler"/);
  const built = deploy.builds.map((build) => build.handler);
  expect(built).not.toContain("packages/functions/src/http/no-such-handler.handler");
  expect(built).not.toContain("packages/functions/src/api-handler.handler");
}, 300_000);
