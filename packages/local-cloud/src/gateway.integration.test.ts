// The local gateway against a real cognito-local: what the JWT authorizer lets through, and what
// it hands the functions.

import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { signWithPoolKey } from "@dwipper/testing/token-attacks";
import { callApi, createUser, readMailbox } from "@dwipper/testing/users";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { describe, expect, inject, it } from "vitest";
import { localCredentials } from "./credentials";

const stack = inject("stack");

describe("local gateway", () => {
  // A signed-in route stands for them all (the public reads check tokens themselves: ADR 0013).
  it("refuses requests without a valid bearer token, before any function runs", async () => {
    for (const authorization of [undefined, "Bearer", "Bearer not.a.jwt", "Basic abc"]) {
      const response = await callApi(stack, "GET", "/me/dwipps", {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
    }
  });

  it("refuses a token signed with another key", async () => {
    const user = await createUser(stack);
    const claims = decodeJwt(user.idToken);
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "CognitoLocal" })
      .sign(privateKey);
    expect((await callApi(stack, "GET", "/me/dwipps", { token: forged })).status).toBe(401);
  });

  describe("with the pool's own signing key", () => {
    // cognito-local signs with a key shipped in its package (see testing/token-attacks.ts).
    const sign = signWithPoolKey;
    const now = () => Math.floor(Date.now() / 1000);

    it("accepts the token re-signed unchanged (the key is the pool's)", async () => {
      const user = await createUser(stack);
      const token = await sign(decodeJwt(user.idToken));
      expect((await callApi(stack, "GET", "/me/dwipps", { token })).status).toBe(200);
    });

    it("refuses an expired, a not-yet-valid and a wrongly issued token", async () => {
      const user = await createUser(stack);
      const claims = decodeJwt(user.idToken);
      const refused = {
        expired: { ...claims, iat: now() - 7200, exp: now() - 3600 },
        "not yet valid": { ...claims, nbf: now() + 3600 },
        "issued in the future": {
          ...claims,
          iat: now() + 3600,
          exp: now() + 7200,
          nbf: now() + 3600,
        },
        "another issuer": { ...claims, iss: `${claims.iss}-impostor` },
        "another pool": { ...claims, iss: String(claims.iss).replace(/[^/]+$/, "us-east-1_other") },
        "no expiry": { ...claims, exp: undefined },
        "no subject": { ...claims, sub: undefined },
      };
      for (const [what, payload] of Object.entries(refused)) {
        const response = await callApi(stack, "POST", "/dwipps", {
          token: await sign(payload),
          body: { content: `should never be stored (${what})` },
        });
        expect(response.status, what).toBe(401);
      }
      // No handler ran: the user has no Dwipps.
      const mine = await callApi(stack, "GET", "/me/dwipps", { token: user.idToken });
      expect(mine.json).toMatchObject({ items: [] });
    });
  });

  it("refuses an unsigned token (alg none)", async () => {
    const user = await createUser(stack);
    const [, payload] = user.idToken.split(".");
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`;
    expect((await callApi(stack, "GET", "/me/dwipps", { token: unsigned })).status).toBe(401);
  });

  it("refuses an ID token issued to another app client (wrong audience)", async () => {
    const client = new CognitoIdentityProviderClient({
      endpoint: stack.cognito.endpoint,
      region: stack.region,
      credentials: localCredentials,
    });
    const user = await createUser(stack);
    const other = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: stack.cognito.userPoolId,
        ClientName: `other-${user.sub}`,
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const auth = await client.send(
      new InitiateAuthCommand({
        ClientId: other.UserPoolClient?.ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
      }),
    );
    client.destroy();
    const token = auth.AuthenticationResult?.IdToken;
    expect(token).toBeTruthy();
    expect(decodeJwt(token ?? "").aud).not.toBe(stack.cognito.userPoolClientId);
    expect((await callApi(stack, "GET", "/me/dwipps", { token })).status).toBe(401);
  });

  it("lets an access token past the gateway, as API Gateway does, and the function refuses it", async () => {
    const user = await createUser(stack);
    const response = await callApi(stack, "GET", "/me/dwipps", { token: user.accessToken });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("issues ID tokens that carry the registered name, as AWS does", async () => {
    const user = await createUser(stack, "Ada Lovelace");
    const claims = decodeJwt(user.idToken);
    expect(claims.name).toBe("Ada Lovelace");
    expect(claims.iss).toBe(`${stack.cognito.endpoint}/${stack.cognito.userPoolId}`);
    expect(claims.aud).toBe(stack.cognito.userPoolClientId);
  });

  it("answers CORS for the web origin only", async () => {
    const allowed = await fetch(`${stack.apiUrl}/dwipps`, {
      method: "OPTIONS",
      headers: { origin: stack.webUrl, "access-control-request-method": "POST" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(stack.webUrl);
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");

    const foreign = await fetch(`${stack.apiUrl}/dwipps`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a refused token and an unknown route as API Gateway does: its body, no CORS headers", async () => {
    const user = await createUser(stack);
    const fromSite = { origin: stack.webUrl };
    const refused = await callApi(stack, "GET", "/me/dwipps", { headers: fromSite });
    const unknown = await callApi(stack, "GET", "/nope", {
      token: user.idToken,
      headers: fromSite,
    });
    expect([refused.status, refused.json]).toEqual([401, { message: "Unauthorized" }]);
    expect([unknown.status, unknown.json]).toEqual([404, { message: "Not Found" }]);
    for (const answer of [refused, unknown]) {
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    }
    // A function's answer gets the configured CORS headers: Retry-After and Date readable by the page.
    const served = await callApi(stack, "GET", "/dwipps", {
      token: user.idToken,
      headers: fromSite,
    });
    expect(served.status).toBe(200);
    expect(served.headers.get("access-control-allow-origin")).toBe(stack.webUrl);
    expect(served.headers.get("access-control-expose-headers")).toBe("retry-after,date");
    expect(Date.parse(served.headers.get("date") ?? "")).not.toBeNaN();
  });

  it("answers 404 for a path or method the route table does not have", async () => {
    const user = await createUser(stack);
    expect((await callApi(stack, "GET", "/nope", { token: user.idToken })).status).toBe(404);
    expect((await callApi(stack, "DELETE", "/dwipps", { token: user.idToken })).status).toBe(404);
  });

  it("keeps each confirmation code in the mailbox, newest first, per address", async () => {
    const user = await createUser(stack);
    const messages = await readMailbox(stack, user.email.toUpperCase());
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: user.email, kind: "confirm-sign-up" });
    expect(messages[0]?.code).toMatch(/^\d{6}$/);
    expect(Date.parse(messages[0]?.sentAt ?? "")).not.toBeNaN();
  });
});
