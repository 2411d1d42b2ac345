// The build settings' names, shared by the stack, the local cloud and the app.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publicConfigEnvironment, publicConfigVariables } from "./public-config";

describe("the build settings", () => {
  it("are given under their shared names", () => {
    expect(publicConfigEnvironment({ apiUrl: "https://api", userPoolId: "eu-west-1_abc" })).toEqual(
      { NEXT_PUBLIC_API_URL: "https://api", NEXT_PUBLIC_USER_POOL_ID: "eu-west-1_abc" },
    );
  });

  it("are the ones the web app reads, each written out for Next to inline", () => {
    const source = readFileSync(
      path.resolve(import.meta.dirname, "../../../apps/web/src/config/public-config.ts"),
      "utf8",
    );
    const read = [...source.matchAll(/process\.env\.(NEXT_PUBLIC_\w+)/g)].map((match) => match[1]);
    expect(read.sort()).toEqual(Object.values(publicConfigVariables).sort());
  });
});
