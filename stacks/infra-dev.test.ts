// The program as `npx sst dev` runs it, under Pulumi's mock runtime: the site is not deployed but
// run by its own dev server with the stack's addresses, the API admits that server's origin (only
// in dev mode: the main suite checks the deployed CORS), and every function is a bridge to the
// handler running on the developer's machine. (Its own file: one program per process.)
import { readFile } from "node:fs/promises";
import path from "node:path";
import { everyFunction } from "@dwipper/functions/routes";
import { beforeAll, expect, it } from "vitest";
import { type MockDeploy, mockDeploy, repoRoot } from "./testing/mock-deploy";

let dev: MockDeploy;

beforeAll(async () => {
  dev = await mockDeploy({ stage: "dev-test", mode: "dev", runCommands: false });
}, 300_000);

const one = (type: string) => {
  const found = dev.resources.filter((resource) => resource.type === type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

it("runs to the end with nothing failing, the site at the dev server's address", () => {
  expect(dev.errors).toEqual([]);
  expect(dev.outputs.web).toBe("http://localhost:3000");
  expect(dev.outputs.api).toMatch(/^https:\/\//);
});

it("runs the web app's dev server with the stack's addresses instead of building and uploading it", async () => {
  one("sst:aws:StaticSite");
  const site = dev.devCommands.Web;
  expect(site).toMatchObject({ command: "npm run dev", directory: "apps/web", autostart: true });
  expect(site?.environment).toMatchObject({
    NEXT_PUBLIC_API_URL: dev.outputs.api,
    NEXT_PUBLIC_USER_POOL_ID: dev.outputs.userPoolId,
    NEXT_PUBLIC_USER_POOL_CLIENT_ID: dev.outputs.userPoolClientId,
  });
  expect(dev.resources.filter((resource) => resource.type === "command:local:Command")).toEqual([]);
  // The app's dev script listens exactly where the stack says the site is.
  const web = JSON.parse(await readFile(path.join(repoRoot, "apps/web/package.json"), "utf8"));
  expect(web.scripts.dev).toBe("next dev --port 3000 --hostname localhost");
});

it("lets the dev site call the API, beside the front door", () => {
  const api = one("aws:apigatewayv2/api:Api");
  const cors = api?.inputs.corsConfiguration as { allowOrigins: string[] };
  expect(cors.allowOrigins).toHaveLength(2);
  expect(cors.allowOrigins).toContain("http://localhost:3000");
  expect(cors.allowOrigins.find((origin) => origin !== "http://localhost:3000")).toMatch(
    /^https:\/\/.+\.cloudfront\.net$/,
  );
});

it("runs every function on the developer's machine through a bridge", () => {
  const handlers = everyFunction.map(
    (definition) => `packages/functions/src/${definition.file}.handler`,
  );
  expect([...dev.devTargets].sort()).toEqual([...handlers].sort());
  expect(dev.builds).toEqual([]);
});

it("raises no alarms: in dev mode the terminal shows each failure", () => {
  expect(
    dev.resources.filter((resource) => resource.type.startsWith("aws:cloudwatch/metricAlarm")),
  ).toEqual([]);
});
