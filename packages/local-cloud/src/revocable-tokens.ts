// Tokens that can be revoked, as Amazon Cognito issues them: cognito-local signs access and ID
// tokens without `origin_jti`, the claim that ties them to the sign-in their refresh token came
// from and that a client checks before it asks Cognito to revoke (amazon-cognito-identity-js skips
// `RevokeToken` without it). This generator adds the claim to both and signs them again with
// cognito-local's own key, so that signing out revokes locally as it does on AWS (ADR 0005).
import { createPrivateKey, randomUUID } from "node:crypto";
import privateKey from "cognito-local/lib/keys/cognitoLocal.private.json" with { type: "json" };
import { JwtTokenGenerator } from "cognito-local/lib/services/tokenGenerator.js";
import { decodeJwt, SignJWT } from "jose";

const key = createPrivateKey(privateKey.pem);

async function withOrigin(token: string, origin: string): Promise<string> {
  return new SignJWT({ ...decodeJwt(token), origin_jti: origin })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })
    .sign(key);
}

export class RevocableTokenGenerator extends JwtTokenGenerator {
  override async generate(...args: Parameters<JwtTokenGenerator["generate"]>) {
    const tokens = await super.generate(...args);
    const origin = randomUUID();
    return {
      ...tokens,
      AccessToken: await withOrigin(tokens.AccessToken, origin),
      IdToken: await withOrigin(tokens.IdToken, origin),
    };
  }
}
