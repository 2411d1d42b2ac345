// The user pool's bounds on a string attribute's length, which cognito-local keeps in the pool's
// schema but never applies, applied where Amazon Cognito applies them: wherever a person's
// attributes are written (signing up, an admin's creating an account, updating attributes). A value
// out of bounds gets Cognito's InvalidParameterException and changes nothing, so a script that
// sends a name longer than the pool's schema allows fails locally as on AWS.
import type { AttributeType, SchemaAttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { NAME_MAX_LENGTH } from "@dwipper/core/person-name";
import { InvalidParameterError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { type PoolRequest, poolOf } from "./cognito-passwords";

/** The pool's `name` attribute as the stack builds it (stacks/auth.ts): required, 1 to 80. */
export const NAME_SCHEMA: SchemaAttributeType = {
  Name: "name",
  AttributeDataType: "String",
  Required: true,
  Mutable: true,
  StringAttributeConstraints: { MinLength: "1", MaxLength: String(NAME_MAX_LENGTH) },
};

/** The targets that write a person's attributes, all in the same field. */
const WRITING_ATTRIBUTES = new Set([
  "SignUp",
  "AdminCreateUser",
  "UpdateUserAttributes",
  "AdminUpdateUserAttributes",
]);

/**
 * Why Cognito refuses these attributes under `schema`, in the local pool's words (Cognito's begin
 * the same, with the attribute's name); undefined when it takes them.
 */
export function schemaRefusal(
  schema: readonly Pick<SchemaAttributeType, "Name" | "StringAttributeConstraints">[],
  attributes: readonly AttributeType[],
): string | undefined {
  for (const { Name, Value = "" } of attributes) {
    const bounds = schema.find((entry) => entry.Name === Name)?.StringAttributeConstraints;
    // Cognito's schema counts a string's length as Java does, in UTF-16 code units.
    if (bounds?.MaxLength && Value.length > Number(bounds.MaxLength)) {
      return `Attributes did not conform to the schema: ${Name}: String must be no longer than ${bounds.MaxLength} characters`;
    }
    if (bounds?.MinLength && Value.length < Number(bounds.MinLength)) {
      return `Attributes did not conform to the schema: ${Name}: String must be no shorter than ${bounds.MinLength} characters`;
    }
  }
  return undefined;
}

/** `route` for `target`, refusing attributes out of the pool's schema bounds, when it writes them. */
export function withAttributeSchema(services: Services, target: string, route: Route): Route {
  if (!WRITING_ATTRIBUTES.has(target)) return route;
  return async (ctx, req: PoolRequest & { UserAttributes?: AttributeType[] }) => {
    // A pool or client that does not exist is left for the target to refuse in its own words.
    const pool = await poolOf(services, ctx, req).catch(() => undefined);
    const refusal = schemaRefusal(pool?.options.SchemaAttributes ?? [], req.UserAttributes ?? []);
    if (refusal) throw new InvalidParameterError(refusal);
    return route(ctx, req);
  };
}
