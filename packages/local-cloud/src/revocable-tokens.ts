// Tokens that can be revoked, as Amazon Cognito issues them: cognito-local signs access and ID
// tokens without `origin_jti`, the claim that ties them to the sign-in their refresh token came
// from and that a client checks before it asks Cognito to revoke (amazon-cognito-identity-js skips
// `RevokeToken` without it). This generator adds the claim to all three tokens of a sign-in and
// signs them again with cognito-local's own key; a renewal's tokens carry the origin of the
// refresh token they were renewed with, as Cognito's do. So signing out revokes locally as it does
// on AWS, and a revoked sign-in's access tokens can be told (ADR 0005, `cognito-access-tokens.ts`).
import { AsyncLocalStorage } from "node:async_hooks";
import { createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import privateKey from "cognito-local/lib/keys/cognitoLocal.private.json" with { type: "json" };
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator.js";
import { decodeJwt, SignJWT } from "jose";

const key = createPrivateKey(privateKey.pem);

/** The key every token of the local pool is checked with. */
export const tokenVerificationKey = createPublicKey(key);

async function withOrigin(token: string, origin: string): Promise<string> {
  return new SignJWT({ ...decodeJwt(token), origin_jti: origin })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })
    .sign(key);
}

/**
 * The sign-in `token` came from: its `origin_jti`, or, for a refresh token issued before tokens
 * carried one, its own `jti`. Undefined for what is not a token.
 */
export function originOf(token: string): string | undefined {
  try {
    const { origin_jti: origin, jti } = decodeJwt(token);
    const found = origin ?? jti;
    return typeof found === "string" ? found : undefined;
  } catch {
    return undefined;
  }
}

/** The origin of the refresh token a renewal being answered was asked with. */
const renewing = new AsyncLocalStorage<string | undefined>();

/** Runs `renew`, whose new tokens are to carry the origin of `refreshToken`. */
export function renewingWith<T>(refreshToken: string, renew: () => Promise<T>): Promise<T> {
  return renewing.run(originOf(refreshToken), renew);
}

export class RevocableTokenGenerator extends JwtTokenGenerator {
  override async generate(...args: Parameters<JwtTokenGenerator["generate"]>) {
    const tokens = await super.generate(...args);
    const origin = renewing.getStore() ?? randomUUID();
    return {
      ...tokens,
      AccessToken: await withOrigin(tokens.AccessToken, origin),
      IdToken: await withOrigin(tokens.IdToken, origin),
      RefreshToken: await withOrigin(tokens.RefreshToken, origin),
    };
  }
}
