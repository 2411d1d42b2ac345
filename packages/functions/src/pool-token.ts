// How a Cognito token is checked before anyone trusts it, as API Gateway's JWT authorizer does:
// RS256 signature by one of the pool's keys, the pool as issuer, expiry and issue time, and the web
// client as audience (in `aud` for ID tokens, `client_id` for access tokens). The local gateway
// checks signed-in routes with it; public routes check an optional token with it themselves.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";

export interface Pool {
  issuer: string;
  audience: string;
}

export type PoolKeys = ReturnType<typeof createRemoteJWKSet>;

/**
 * The pool's key set, fetched when first needed and kept (the issuer's `.well-known` address); a
 * fetch not answered within `timeoutMs` (jose's 5 s unless given) leaves the keys unreachable.
 */
export const poolKeys = (url: string, timeoutMs?: number): PoolKeys =>
  createRemoteJWKSet(new URL(url), timeoutMs === undefined ? {} : { timeoutDuration: timeoutMs });
export const jwksUrlOf = (issuer: string) => `${issuer}/.well-known/jwks.json`;

/**
 * Whether verification failed for want of the key set (network error, timeout, a bad or non-200
 * answer) rather than because of the token.
 */
function keysUnreachable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code
  );
}

/**
 * The claims of an `Authorization: Bearer` header's token; "refused" for a missing, malformed or
 * bad token; "unavailable" when the pool's keys could not be fetched to check it.
 */
export async function verifyBearer(
  header: string | undefined,
  keys: PoolKeys,
  pool: Pool,
): Promise<JWTPayload | "refused" | "unavailable"> {
  const token = /^Bearer ([^\s]+)$/i.exec(header ?? "")?.[1];
  if (!token) return "refused";
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: pool.issuer,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat", "sub"],
    });
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(pool.audience) && payload.client_id !== pool.audience) {
      return "refused";
    }
    return payload;
  } catch (error) {
    return keysUnreachable(error) ? "unavailable" : "refused";
  }
}
