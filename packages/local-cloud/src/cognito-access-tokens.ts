// Cognito's own operations that act with a person's access token (changing their password or
// attributes, reading their account) take only a token the pool issued, as an access token, while
// it lasts, and not once its sign-in is revoked: "Invalid Access Token", "Access Token has
// expired", "Access Token has been revoked" (NotAuthorizedException), and nothing changes.
// cognito-local only decodes the token, so locally a made-up token, an ID token or one long expired
// could change anyone's attributes, and a client that forgot to renew first was never found out.
import { NotAuthorizedError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { errors, jwtVerify } from "jose";
import { personNamed } from "./cognito-usernames";
import { originOf, tokenVerificationKey } from "./revocable-tokens";

interface WithAccessToken {
  AccessToken?: unknown;
}

/** The access token's claims, or Cognito's refusal of it on the pool's clock. */
async function verified(services: Services, token: string) {
  try {
    const { payload } = await jwtVerify(token, tokenVerificationKey, {
      algorithms: ["RS256"],
      currentDate: services.clock.get(),
    });
    if (payload.token_use !== "access") throw new NotAuthorizedError("Invalid Access Token");
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new NotAuthorizedError("Access Token has expired");
    }
    if (error instanceof NotAuthorizedError) throw error;
    throw new NotAuthorizedError("Invalid Access Token");
  }
}

/** `route`, taking a request's access token only as Cognito takes it. */
export function withAccessTokenChecks(services: Services, route: Route): Route {
  return async (ctx, req: WithAccessToken) => {
    if (typeof req.AccessToken !== "string") return route(ctx, req);
    const claims = await verified(services, req.AccessToken);
    // Its sign-in stands while the refresh token of that sign-in does: signing out revokes it.
    const { user } = await personNamed(
      services,
      ctx,
      String(claims.client_id),
      String(claims.username),
    );
    const standing = (user?.RefreshTokens ?? []).map(originOf);
    if (!standing.includes(String(claims.origin_jti))) {
      throw new NotAuthorizedError("Access Token has been revoked");
    }
    return route(ctx, req);
  };
}
