// A refresh token lasts only as long as its app client says, as on AWS: past it Cognito refuses to
// renew with NotAuthorizedException, "Refresh Token has expired", and the person must sign in
// again; a revoked one, or what is no token, is refused in Cognito's words too. cognito-local
// writes the lifetime into the token and never reads it, so a local session was renewed for ever
// and the web app's way out of an expired one was never met locally. A renewal's tokens carry the
// origin of the refresh token they came from (`revocable-tokens.ts`).
import { NotAuthorizedError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { decodeJwt } from "jose";
import { renewingWith } from "./revocable-tokens";

const REFRESH_FLOWS = new Set(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);

interface RefreshRequest {
  AuthFlow?: string;
  AuthParameters?: { REFRESH_TOKEN?: string };
}

/** When `token` expires, in ms on the pool's clock; undefined for a token that is not a JWT. */
function expiryOf(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? undefined : exp * 1000;
  } catch {
    return undefined;
  }
}

/** cognito-local's refusal of a refresh token no person holds any more (signing out removed it). */
const NOBODY_HOLDS_IT = new NotAuthorizedError().message;

/**
 * `signIn` (InitiateAuth or AdminInitiateAuth), refusing a renewal in Cognito's words: with what is
 * no refresh token ("Invalid Refresh Token"), one past its lifetime, or one revoked.
 */
export function withRefreshTokenExpiry(services: Services, signIn: Route): Route {
  return async (ctx, req: RefreshRequest) => {
    const token = req.AuthParameters?.REFRESH_TOKEN;
    if (REFRESH_FLOWS.has(req.AuthFlow ?? "") && token !== undefined) {
      const expiry = expiryOf(token);
      if (expiry === undefined) throw new NotAuthorizedError("Invalid Refresh Token");
      if (services.clock.get().getTime() >= expiry) {
        throw new NotAuthorizedError("Refresh Token has expired");
      }
      try {
        return await renewingWith(token, () => signIn(ctx, req));
      } catch (error) {
        if (error instanceof NotAuthorizedError && error.message === NOBODY_HOLDS_IT) {
          throw new NotAuthorizedError("Refresh Token has been revoked");
        }
        throw error;
      }
    }
    return signIn(ctx, req);
  };
}
