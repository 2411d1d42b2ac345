// Amazon Cognito's request-rate quotas, which cognito-local does not keep: Cognito refuses a request
// past its category's rate, or past one person's, with `TooManyRequestsException` ("Rate
// exceeded"), before it does anything. A local pool that answered everything would let a test or a
// script pass that fails against AWS (creating people faster than 50 a second; one person signing
// in over and over). Each cognito-local instance is one account here: its quotas are its own.

import { perSecond } from "@dwipper/dynamodb-engine/token-bucket";
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { decodeJwt } from "jose";
import { poolOf } from "./cognito-passwords";

/**
 * Cognito's default rates, in requests a second for an account's user pools in a Region, for the
 * categories whose operations the web app, the local cloud, its tests and its scripts send ("Quotas
 * in Amazon Cognito", user pools' API operation categories). An operation whose category we could
 * not read (ResendConfirmationCode among them) has no category's limit, only a person's:
 * docs/local-cloud.md names the gap.
 */
export const COGNITO_RATE_QUOTAS = {
  UserAuthentication: { perSecond: 120, targets: ["InitiateAuth", "AdminInitiateAuth"] },
  UserCreation: {
    perSecond: 50,
    targets: ["SignUp", "ConfirmSignUp", "AdminCreateUser", "AdminConfirmSignUp"],
  },
  UserAccountRecovery: {
    perSecond: 30,
    targets: [
      "ForgotPassword",
      "ConfirmForgotPassword",
      "ChangePassword",
      "AdminResetUserPassword",
      "AdminSetUserPassword",
    ],
  },
  UserRead: { perSecond: 120, targets: ["GetUser", "AdminGetUser"] },
  UserList: { perSecond: 30, targets: ["ListUsers", "ListUsersInGroup"] },
  // "Operations that create, update, and delete your tokens": signing out revokes the refresh token.
  UserToken: { perSecond: 120, targets: ["RevokeToken"] },
  UserPoolRead: { perSecond: 15, targets: ["ListUserPools", "DescribeUserPool"] },
  UserPoolUpdate: {
    perSecond: 15,
    targets: ["CreateUserPool", "UpdateUserPool", "DeleteUserPool"],
  },
  UserPoolClientRead: {
    perSecond: 15,
    targets: ["ListUserPoolClients", "DescribeUserPoolClient"],
  },
  UserPoolClientUpdate: {
    perSecond: 15,
    targets: ["CreateUserPoolClient", "UpdateUserPoolClient", "DeleteUserPoolClient"],
  },
} as const;

/**
 * Answers to sign-in challenges (an SRP sign-in's second step) have an allowance of their own,
 * three times UserAuthentication's rate; past it, they count against UserAuthentication.
 */
export const CHALLENGE_ANSWERS = {
  targets: ["RespondToAuthChallenge", "AdminRespondToAuthChallenge"],
  timesUserAuthentication: 3,
} as const;

/**
 * What one person may ask a second, whatever the account's: ten reads (signing in among them) and
 * ten writes (changing their password or attributes, confirming, asking for a code), apart.
 */
export const PERSON_READS_PER_SECOND = 10;
export const PERSON_WRITES_PER_SECOND = 10;

interface PersonRequest {
  ClientId?: string;
  UserPoolId?: string;
  AccessToken?: string;
  AuthParameters?: { USERNAME?: string };
  ChallengeResponses?: { USERNAME?: string };
  Username?: string;
}

/** Where a request names its person: a name (an email, or the user name), or their access token. */
type Naming = (req: PersonRequest) => { name?: string; accessToken?: string };
const byUsername: Naming = (req) => ({ name: req.Username });
const byToken: Naming = (req) => ({ accessToken: req.AccessToken });

/** The targets that read a person, and where each names them. */
const personReads: Record<string, Naming> = {
  InitiateAuth: (req) => ({ name: req.AuthParameters?.USERNAME }),
  AdminInitiateAuth: (req) => ({ name: req.AuthParameters?.USERNAME }),
  // An SRP sign-in's answer names the person by their user name, its first step by their email.
  RespondToAuthChallenge: (req) => ({ name: req.ChallengeResponses?.USERNAME }),
  AdminRespondToAuthChallenge: (req) => ({ name: req.ChallengeResponses?.USERNAME }),
  AdminGetUser: byUsername,
  GetUser: byToken,
};

/** The targets that change a person, and where each names them. */
const personWrites: Record<string, Naming> = {
  ConfirmSignUp: byUsername,
  AdminConfirmSignUp: byUsername,
  ResendConfirmationCode: byUsername,
  ForgotPassword: byUsername,
  ConfirmForgotPassword: byUsername,
  AdminResetUserPassword: byUsername,
  AdminSetUserPassword: byUsername,
  AdminUpdateUserAttributes: byUsername,
  AdminDeleteUser: byUsername,
  AdminUserGlobalSignOut: byUsername,
  ChangePassword: byToken,
  UpdateUserAttributes: byToken,
  VerifyUserAttribute: byToken,
  DeleteUser: byToken,
  GlobalSignOut: byToken,
};

/** The user name in an access token's claims (read, not checked: the target checks it). */
function tokenUsername(token: string): string | undefined {
  try {
    const { username } = decodeJwt(token);
    return typeof username === "string" ? username : undefined;
  } catch {
    return undefined;
  }
}

/** Cognito's refusal of a request past a quota. */
class RateExceeded extends CognitoError {
  constructor() {
    super("TooManyRequestsException", "Rate exceeded");
  }
}

/** People whose buckets are kept; past this, those idle for a second (so full again) are let go. */
const PEOPLE_KEPT = 10_000;

/** `router` behind Cognito's quotas, on the pool's clock. */
export function withRateQuotas(services: Services, router: Router): Router {
  const now = () => services.clock.get().getTime();

  const authentication = perSecond(COGNITO_RATE_QUOTAS.UserAuthentication.perSecond, now);
  const admit = new Map<string, () => boolean>();
  for (const [category, quota] of Object.entries(COGNITO_RATE_QUOTAS)) {
    const bucket =
      category === "UserAuthentication" ? authentication : perSecond(quota.perSecond, now);
    for (const target of quota.targets) admit.set(target, bucket);
  }
  const answers = perSecond(
    COGNITO_RATE_QUOTAS.UserAuthentication.perSecond * CHALLENGE_ANSWERS.timesUserAuthentication,
    now,
  );
  for (const target of CHALLENGE_ANSWERS.targets) {
    admit.set(target, () => answers() || authentication());
  }

  const people = new Map<string, { admit: () => boolean; last: number }>();
  /** Whether the person (by kind of request) has allowance left this second; takes one if so. */
  const personAdmits = (key: string, rate: number): boolean => {
    const time = now();
    if (people.size > PEOPLE_KEPT) {
      for (const [kept, person] of people) if (time - person.last > 1_000) people.delete(kept);
    }
    let person = people.get(key);
    if (!person) {
      person = { admit: perSecond(rate, now), last: time };
      people.set(key, person);
    }
    person.last = time;
    return person.admit();
  };

  /**
   * Who a request is about: the user the pool finds by the name it gives (an email or the user
   * name, one person either way, and without case, as the stack's pool compares names), or the
   * user name in its access token; a name the pool does not know stands for itself.
   */
  const personOf = async (ctx: Context, naming: Naming, req: PersonRequest) => {
    const { name, accessToken } = naming(req);
    if (accessToken !== undefined) return tokenUsername(accessToken);
    if (name === undefined) return undefined;
    const pool = await poolOf(services, ctx, req).catch(() => undefined);
    const user = await pool?.getUserByUsername(ctx, name).catch(() => null);
    return user?.Username ?? name.toLowerCase();
  };

  return (target) => {
    const route: Route = router(target);
    const reads = personReads[target];
    const writes = personWrites[target];
    return async (ctx, req: PersonRequest) => {
      if (reads || writes) {
        const person = await personOf(ctx, (reads ?? writes) as Naming, req);
        const allowed =
          person === undefined ||
          (reads
            ? personAdmits(`read ${person}`, PERSON_READS_PER_SECOND)
            : personAdmits(`write ${person}`, PERSON_WRITES_PER_SECOND));
        if (!allowed) throw new RateExceeded();
      }
      if (admit.get(target)?.() === false) throw new RateExceeded();
      return route(ctx, req);
    };
  };
}
