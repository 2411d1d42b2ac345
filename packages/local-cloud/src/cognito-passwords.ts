// The user pool's password policy, which cognito-local keeps but never applies, applied where
// Amazon Cognito applies it: wherever a password is set (signing up, resetting, changing, an
// admin's setting one). A password the policy refuses gets Cognito's InvalidPasswordException and
// changes nothing, so a client that skipped the browser's own check fails locally as on AWS.
// And a wrong current password, when changing it, gets Cognito's name for it.
import type { PasswordPolicyType } from "@aws-sdk/client-cognito-identity-provider";
import { CognitoError, NotAuthorizedError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { decodeJwt } from "jose";

/** The characters Cognito counts as symbols (a space counts too, between other characters). */
const SYMBOLS = new Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-");

/** Why Cognito refuses `password` under `policy`, in its words; undefined when it takes it. */
export function policyRefusal(policy: PasswordPolicyType, password: string): string | undefined {
  const rules: [boolean | undefined, boolean, string][] = [
    [true, password.length >= (policy.MinimumLength ?? 0), "Password not long enough"],
    [policy.RequireLowercase, /[a-z]/.test(password), "Password must have lowercase characters"],
    [policy.RequireUppercase, /[A-Z]/.test(password), "Password must have uppercase characters"],
    [policy.RequireNumbers, /[0-9]/.test(password), "Password must have numeric characters"],
    [
      policy.RequireSymbols,
      [...password.trim()].some((character) => SYMBOLS.has(character) || character === " "),
      "Password must have symbol characters",
    ],
  ];
  const broken = rules.find(([required, met]) => required && !met);
  return broken && `Password did not conform with policy: ${broken[2]}`;
}

/**
 * Amazon Cognito's answer to a sign-in whose password is wrong, or whose SRP proof is, to either
 * for someone the pool does not know, and to a wrong current password when changing it.
 * cognito-local answers a wrong password with InvalidPasswordException, which Cognito keeps for a
 * new password its policy refuses.
 */
export class WrongPassword extends NotAuthorizedError {
  constructor() {
    super("Incorrect username or password.");
  }
}

/** How a request names its pool: by its id, its app client, or an access token of that client. */
export interface PoolRequest {
  ClientId?: string;
  UserPoolId?: string;
  AccessToken?: string;
}

interface PasswordRequest extends PoolRequest {
  Password?: string;
  ProposedPassword?: string;
  TemporaryPassword?: string;
}

/** The targets that set a password, and the field each carries it in. */
const newPassword: Record<string, (req: PasswordRequest) => string | undefined> = {
  SignUp: (req) => req.Password,
  ConfirmForgotPassword: (req) => req.Password,
  ChangePassword: (req) => req.ProposedPassword,
  AdminSetUserPassword: (req) => req.Password,
  AdminCreateUser: (req) => req.TemporaryPassword,
};

/** The pool a request is for: named, through its app client, or through the access token's. */
export async function poolOf(services: Services, ctx: Context, req: PoolRequest) {
  if (req.UserPoolId) return services.cognito.getUserPool(ctx, req.UserPoolId);
  const clientId =
    req.ClientId ?? (req.AccessToken ? String(decodeJwt(req.AccessToken).client_id) : undefined);
  return clientId ? services.cognito.getUserPoolForClientId(ctx, clientId) : undefined;
}

/** `route` for `target`, refusing a new password the pool's policy refuses, when it sets one. */
export function withPasswordPolicy(services: Services, target: string, route: Route): Route {
  const passwordOf = newPassword[target];
  if (!passwordOf) return route;
  return async (ctx, req: PasswordRequest) => {
    const password = passwordOf(req);
    if (password !== undefined) {
      // A pool or client that does not exist is left for the target to refuse in its own words.
      const pool = await poolOf(services, ctx, req).catch(() => undefined);
      const policy = pool?.options.Policies?.PasswordPolicy;
      const refusal = policy && policyRefusal(policy, password);
      if (refusal) throw new CognitoError("InvalidPasswordException", refusal);
    }
    if (target !== "ChangePassword") return route(ctx, req);
    try {
      return await route(ctx, req);
    } catch (error) {
      if ((error as CognitoError).code === "InvalidPasswordException") throw new WrongPassword();
      throw error;
    }
  };
}
