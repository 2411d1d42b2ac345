// Every way a request can present a bad identity, built against a real user of the local pool.
// cognito-local signs with a key shipped in its package, so tokens with a good signature but bad
// claims can be made too: each claim check is seen failing on its own.
import { createPrivateKey } from "node:crypto";
import { createRequire } from "node:module";
import { decodeJwt, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import type { TestUser } from "./users";

const require = createRequire(import.meta.url);

/** Signs `claims` with the local pool's own key, as cognito-local signs its tokens. */
export async function signWithPoolKey(claims: JWTPayload): Promise<string> {
  const { pem } = require("cognito-local/lib/keys/cognitoLocal.private.json") as { pem: string };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "CognitoLocal" })
    .sign(createPrivateKey(pem));
}

export interface TokenAttack {
  name: string;
  /** The Authorization header sent, if any. */
  authorization?: string;
}

export async function tokenAttacks(user: TestUser): Promise<TokenAttack[]> {
  const claims = decodeJwt(user.idToken);
  const now = Math.floor(Date.now() / 1000);
  const bearer = (token: string) => `Bearer ${token}`;
  const { privateKey } = await generateKeyPair("RS256");
  const [, payload] = user.idToken.split(".");
  return [
    { name: "no token" },
    { name: "not a bearer token", authorization: "Basic dXNlcjpwYXNz" },
    { name: "malformed", authorization: bearer("not.a.jwt") },
    {
      name: "unsigned (alg none)",
      authorization: bearer(
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`,
      ),
    },
    {
      name: "re-signed with another key",
      authorization: bearer(
        await new SignJWT(claims)
          .setProtectedHeader({ alg: "RS256", kid: "CognitoLocal" })
          .sign(privateKey),
      ),
    },
    {
      name: "expired",
      authorization: bearer(await signWithPoolKey({ ...claims, iat: now - 7200, exp: now - 3600 })),
    },
    {
      name: "not yet valid",
      authorization: bearer(await signWithPoolKey({ ...claims, nbf: now + 3600 })),
    },
    {
      name: "another issuer",
      authorization: bearer(await signWithPoolKey({ ...claims, iss: `${claims.iss}-impostor` })),
    },
    {
      name: "another audience",
      authorization: bearer(await signWithPoolKey({ ...claims, aud: "another-app-client" })),
    },
    { name: "an access token", authorization: bearer(user.accessToken) },
  ];
}
