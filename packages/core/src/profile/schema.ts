// A person's public profile as the API returns it, and the id that names them in a path. Only
// valibot here, so the browser can import it.
import * as v from "valibot";

/** A person's id: their Cognito `sub`, a UUID, kept in lower case as Cognito writes it (ADR 0051). */
export const UserId = v.pipe(
  v.string("must be a string."),
  v.uuid("must be a person's id (a UUID)."),
  v.toLowerCase(),
);

export const UserIdParameters = v.strictObject({ id: UserId });

/** A profile (docs/api.md, "Objects"): `dwipps` counts the person's live Dwipps, exactly. */
export const ProfileObject = v.object({
  id: v.string(),
  name: v.string(),
  joinedAt: v.pipe(v.string(), v.isoTimestamp()),
  dwipps: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Profile = v.InferOutput<typeof ProfileObject>;
