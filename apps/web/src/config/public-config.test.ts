import { describe, expect, it } from "vitest";
import { authFlowFrom, DEPLOYED_AUTH_FLOW } from "./public-config";

describe("authFlowFrom", () => {
  it("uses SRP unless the local password flow is asked for by name", () => {
    expect(authFlowFrom(undefined)).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("user_password_auth")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("USER_PASSWORD_AUTH")).toBe("USER_PASSWORD_AUTH");
  });
});

describe("the deployed sign-in flow", () => {
  it("is SRP, and a build without the setting also uses SRP", () => {
    expect(DEPLOYED_AUTH_FLOW).toBe("USER_SRP_AUTH");
    expect(authFlowFrom(process.env.NEXT_PUBLIC_AUTH_FLOW_UNSET)).toBe(DEPLOYED_AUTH_FLOW);
  });
});
