// The build settings' names and sign-in flow, shared by the stack, the local cloud and the app.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  authFlowFrom,
  DEPLOYED_AUTH_FLOW,
  publicConfigEnvironment,
  publicConfigVariables,
} from "./public-config";

describe("authFlowFrom", () => {
  it("uses SRP unless the local password flow is asked for by name", () => {
    expect(authFlowFrom(undefined)).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("user_password_auth")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("USER_PASSWORD_AUTH")).toBe("USER_PASSWORD_AUTH");
  });

  it("makes SRP the deployed flow, and the flow of a build without the setting", () => {
    expect(DEPLOYED_AUTH_FLOW).toBe("USER_SRP_AUTH");
    expect(authFlowFrom(process.env.NEXT_PUBLIC_AUTH_FLOW_UNSET)).toBe(DEPLOYED_AUTH_FLOW);
  });
});

describe("the build settings", () => {
  it("are given under their shared names", () => {
    expect(
      publicConfigEnvironment({ apiUrl: "https://api", authFlow: DEPLOYED_AUTH_FLOW }),
    ).toEqual({ NEXT_PUBLIC_API_URL: "https://api", NEXT_PUBLIC_AUTH_FLOW: "USER_SRP_AUTH" });
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
