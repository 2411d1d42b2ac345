import { describe, expect, it } from "vitest";
import { authFlowFrom } from "./public-config";

describe("authFlowFrom", () => {
  it("uses SRP unless the local password flow is asked for by name", () => {
    expect(authFlowFrom(undefined)).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("user_password_auth")).toBe("USER_SRP_AUTH");
    expect(authFlowFrom("USER_PASSWORD_AUTH")).toBe("USER_PASSWORD_AUTH");
  });
});
