// Opaque page cursors. A cursor names a position in one list for one caller, and carries an HMAC
// over both, so a tampered, forged or borrowed cursor is refused instead of reading someone else's
// data or crashing the query.
import { createHmac, timingSafeEqual } from "node:crypto";
import { Resource } from "sst";
import { Invalid } from "./error";

const invalid = () => new Invalid("The cursor is not valid for this list.");

function sign(list: string, actorId: string, payload: string): Buffer {
  return createHmac("sha256", Resource.CursorSecret.value)
    .update(`${list}\n${actorId}\n${payload}`)
    .digest()
    .subarray(0, 16);
}

export function encode(list: string, actorId: string, position: string): string {
  const payload = Buffer.from(position, "utf8").toString("base64url");
  return `${payload}.${sign(list, actorId, payload).toString("base64url")}`;
}

/** Returns the position the cursor names, or throws `Invalid`. */
export function decode(list: string, actorId: string, cursor: string): string {
  const [payload, mac, ...rest] = cursor.split(".");
  if (!payload || !mac || rest.length > 0) throw invalid();
  const given = Buffer.from(mac, "base64url");
  const expected = sign(list, actorId, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  return Buffer.from(payload, "base64url").toString("utf8");
}

/**
 * A page of a list read one item past it: the first `limit` items, and a cursor after the last of
 * them when the extra item shows that more exist.
 */
export function pageOf<T>(
  list: string,
  actorId: string,
  read: T[],
  limit: number,
  position: (item: T) => string,
): { items: T[]; nextCursor: string | null } {
  const items = read.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      read.length > limit && last !== undefined ? encode(list, actorId, position(last)) : null,
  };
}
