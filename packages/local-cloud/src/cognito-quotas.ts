// Amazon Cognito's request-rate quotas, which cognito-local does not keep: Cognito refuses a request
// past its category's rate, or past one person's, with `TooManyRequestsException` ("Rate
// exceeded"), before it does anything. A local pool that answered everything would let a test or a
// script pass that fails against AWS (creating people faster than 50 a second; one person signing
// in over and over). Each cognito-local instance is one account here: its quotas are its own.
import { CognitoError } from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Clock } from "cognito-local/lib/services/index.js";
import { tokenBucket } from "./token-bucket";

/**
 * Cognito's default rates, in requests a second for an account's user pools in a Region, for the
 * categories whose operations the web app, the local cloud, its tests and its scripts send ("Quotas
 * in Amazon Cognito", user pools' API operation categories). An operation whose category we could
 * not read (ResendConfirmationCode among them) is not limited: docs/local-cloud.md names the gap.
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

/** What one person may ask a second of the reads, signing in among them, whatever the account's. */
export const PERSON_READS_PER_SECOND = 10;

/** The targets that read a person, and where each names them. */
const personOf: Record<string, (req: PersonRequest) => string | undefined> = {
  InitiateAuth: (req) => req.AuthParameters?.USERNAME,
  AdminInitiateAuth: (req) => req.AuthParameters?.USERNAME,
  RespondToAuthChallenge: (req) => req.ChallengeResponses?.USERNAME,
  AdminRespondToAuthChallenge: (req) => req.ChallengeResponses?.USERNAME,
  AdminGetUser: (req) => req.Username,
};

interface PersonRequest {
  AuthParameters?: { USERNAME?: string };
  ChallengeResponses?: { USERNAME?: string };
  Username?: string;
}

/** People whose bucket is kept; past this, those idle for a second (so full again) are let go. */
const PEOPLE_KEPT = 10_000;

/** Cognito's refusal of a request past a quota. */
class RateExceeded extends CognitoError {
  constructor() {
    super("TooManyRequestsException", "Rate exceeded");
  }
}

/** `router` behind Cognito's quotas, on the pool's clock. */
export function withRateQuotas(clock: Clock, router: Router): Router {
  const now = () => clock.get().getTime();
  const perSecond = (rate: number) => tokenBucket({ rateLimit: rate, burstLimit: rate }, now);

  const authentication = perSecond(COGNITO_RATE_QUOTAS.UserAuthentication.perSecond);
  const admit = new Map<string, () => boolean>();
  for (const [category, quota] of Object.entries(COGNITO_RATE_QUOTAS)) {
    const bucket = category === "UserAuthentication" ? authentication : perSecond(quota.perSecond);
    for (const target of quota.targets) admit.set(target, bucket);
  }
  const answers = perSecond(
    COGNITO_RATE_QUOTAS.UserAuthentication.perSecond * CHALLENGE_ANSWERS.timesUserAuthentication,
  );
  for (const target of CHALLENGE_ANSWERS.targets) {
    admit.set(target, () => answers() || authentication());
  }

  const people = new Map<string, { admit: () => boolean; last: number }>();
  const personAdmits = (name: string): boolean => {
    const time = now();
    if (people.size > PEOPLE_KEPT) {
      for (const [key, person] of people) if (time - person.last > 1_000) people.delete(key);
    }
    // The stack's pool compares user names without case (SST makes it so): one person either way.
    const key = name.toLowerCase();
    let person = people.get(key);
    if (!person) {
      person = { admit: perSecond(PERSON_READS_PER_SECOND), last: time };
      people.set(key, person);
    }
    person.last = time;
    return person.admit();
  };

  return (target) => {
    const route: Route = router(target);
    return async (ctx, req: PersonRequest) => {
      const person = personOf[target]?.(req);
      if (person !== undefined && !personAdmits(person)) throw new RateExceeded();
      if (admit.get(target)?.() === false) throw new RateExceeded();
      return route(ctx, req);
    };
  };
}
