// The user pool's schema, which cognito-local keeps but never applies, applied where Amazon Cognito
// applies it: a new account (signing up, an admin's creating one) must carry every attribute the
// schema requires, and wherever a person's attributes are written (those two, updating attributes)
// each must be one the schema has, a string within its bounds. Every refusal is Cognito's
// InvalidParameterException and changes nothing, so a script that signs up without a name, or
// with one longer than the schema allows, fails locally as on AWS.
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

/** The targets that make an account, which must carry every attribute the schema requires. */
const CREATING = new Set(["SignUp", "AdminCreateUser"]);

/** The targets that write a person's attributes, all in the same field. */
const WRITING_ATTRIBUTES = new Set([
  ...CREATING,
  "UpdateUserAttributes",
  "AdminUpdateUserAttributes",
]);

const VERIFIED_FLAGS = new Set(["email_verified", "phone_number_verified"]);

type SchemaEntry = Pick<SchemaAttributeType, "Name" | "Required" | "StringAttributeConstraints">;

/**
 * Why Cognito refuses these attributes under `schema`, in the local pool's words (Cognito's begin
 * the same, with the attribute's name); undefined when it takes them.
 */
export function schemaRefusal(
  schema: readonly SchemaEntry[],
  attributes: readonly AttributeType[],
  /** For a new account: what Cognito supplies itself (its `sub`, the email a username is). */
  creatingWith?: readonly string[],
): string | undefined {
  if (creatingWith) {
    const given = new Set([...creatingWith, ...attributes.map((attribute) => attribute.Name)]);
    const missing = schema.find((entry) => entry.Required && !given.has(entry.Name ?? ""));
    if (missing) {
      return `Attributes did not conform to the schema: ${missing.Name}: The attribute is required`;
    }
  }
  for (const { Name, Value = "" } of attributes) {
    const entry = schema.find((candidate) => candidate.Name === Name);
    // Whether an address is verified is Cognito's to keep, not the schema's.
    if (!entry && !VERIFIED_FLAGS.has(Name ?? "")) {
      return `Attributes did not conform to the schema: ${Name}: Attribute does not exist in the schema.`;
    }
    const bounds = entry?.StringAttributeConstraints;
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

/** `route` for `target`, refusing attributes the pool's schema refuses, when it writes them. */
export function withAttributeSchema(services: Services, target: string, route: Route): Route {
  if (!WRITING_ATTRIBUTES.has(target)) return route;
  return async (ctx, req: PoolRequest & { UserAttributes?: AttributeType[] }) => {
    // A pool or client that does not exist is left for the target to refuse in its own words.
    const pool = await poolOf(services, ctx, req).catch(() => undefined);
    const options = pool?.options;
    const refusal = schemaRefusal(
      options?.SchemaAttributes ?? [],
      req.UserAttributes ?? [],
      CREATING.has(target)
        ? ["sub", ...(options?.UsernameAttributes?.includes("email") ? ["email"] : [])]
        : undefined,
    );
    if (refusal) throw new InvalidParameterError(refusal);
    return route(ctx, req);
  };
}
