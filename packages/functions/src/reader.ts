// Who reads a public route: nobody when no token is sent, otherwise the person the token names,
// checked here as API Gateway's JWT authorizer checks it on every other route and then as every
// function does (an ID token). A bad token is refused, never read as nobody. The pool's keys are
// fetched once per container and kept; the token checker itself is loaded with the first token, so
// a container that only ever serves readers without one never evaluates it.
import { type Actor, NOBODY } from "@dwipper/core";
import * as Budget from "@dwipper/core/budget";
import { Resource } from "sst";
import { type ApiEvent, actorFromClaims } from "./api-handler";
import { HttpError } from "./http-error";
import type { PoolKeys } from "./pool-token";

let keys: PoolKeys | undefined;
/** The token checker, imported with the first token and then kept, as the keys are. */
let tokenChecker: Promise<typeof import("./pool-token")> | undefined;

export async function readerOf(event: ApiEvent): Promise<Actor> {
  const header = event.headers.authorization;
  if (header === undefined) return NOBODY;
  const pool = { issuer: Resource.Auth.issuer, audience: Resource.Auth.audience };
  tokenChecker ??= import("./pool-token");
  const { jwksUrlOf, poolKeys, verifyBearer } = await tokenChecker;
  keys ??= poolKeys(jwksUrlOf(pool.issuer));
  const claims = await verifyBearer(header, keys, pool);
  if (claims === "unavailable") {
    throw new HttpError(503, "unavailable", "Sign-in cannot be checked right now.");
  }
  if (claims === "refused") {
    throw new HttpError(401, "unauthorized", "Sign in again: the token was refused.");
  }
  return actorFromClaims(claims);
}

/**
 * Whose budget a read spends: the reader's, or for nobody the address the request came from
 * (API Gateway's `sourceIp`), so that one address cannot read without limit either.
 */
export function spenderOf(reader: Actor, event: ApiEvent): Actor {
  if (reader !== NOBODY) return reader;
  return { id: `address:${event.requestContext.http.sourceIp}`, name: "" };
}

/** A public read: by whoever the request names, counted against their budget (or their address's). */
export async function readPublicly<T>(
  event: ApiEvent,
  read: (reader: Actor) => Promise<T>,
): Promise<T> {
  const reader = await readerOf(event);
  return Budget.whileReading(spenderOf(reader, event), () => read(reader));
}
