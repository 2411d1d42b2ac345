// What cognito-local 5.3.0 lacks or does differently from Amazon Cognito, supplied here so the app
// meets AWS's behaviour locally (docs/decisions/0005-local-cognito-gaps.md):
// - ResendConfirmationCode does not exist in cognito-local;
// - ForgotPassword must refuse users whose email is not confirmed, and, with user-existence errors
//   prevented, answer an unknown email as if a code had been sent;
// - a confirmation whose post-confirmation trigger failed is answered with the trigger's error
//   (the account stays confirmed), where cognito-local logs it and answers success;
// - repeated failed sign-ins lock a person out for a while, as Amazon Cognito documents, where
//   cognito-local lets anyone try passwords without end;
// - a person may ask for or enter a password reset code, or a sign-up code, only so often an hour,
//   and a code is taken only for as long as Cognito takes it (`cognito-codes.ts`);
// - a refresh token renews a session only within its lifetime (`cognito-refresh.ts`), and an
//   access token acts only while it lasts and its sign-in stands (`cognito-access-tokens.ts`);
// - sign-in with SRP (USER_SRP_AUTH and its PASSWORD_VERIFIER challenge, `cognito-srp.ts`), which
//   the web app uses and cognito-local does not have;
// - a wrong password, and a name the pool does not know, are answered with Cognito's words, and
//   the pool's password policy is applied (`cognito-passwords.ts`);
// - the pool's schema is applied (`cognito-attributes.ts`), and an admin's new account passes the
//   pre-sign-up trigger as a sign-up does.

import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes, randomUUID } from "node:crypto";
import {
  CognitoError,
  InvalidParameterError,
  NotAuthorizedError,
  UserNotFoundError,
} from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { attributeValue, type User } from "cognito-local/lib/services/userPoolService.js";
import { withAccessTokenChecks } from "./cognito-access-tokens";
import { withAttributeSchema } from "./cognito-attributes";
import { withCodeLifetimes } from "./cognito-codes";
import { WrongPassword, withPasswordPolicy } from "./cognito-passwords";
import { withRefreshTokenExpiry } from "./cognito-refresh";
import {
  cognitoTimestamp,
  type SrpChallenge,
  SrpParameterError,
  signatureMatches,
  srpChallenge,
  srpSignature,
} from "./cognito-srp";
import { personNamed } from "./cognito-usernames";

interface CodeRequest {
  ClientId: string;
  Username: string;
  ClientMetadata?: Record<string, string>;
}

function maskEmail(email: string): string {
  const [name = "", domain = ""] = email.split("@");
  return `${name.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

const simulatedDelivery = (username: string) => ({
  CodeDeliveryDetails: {
    AttributeName: "email",
    DeliveryMedium: "EMAIL",
    Destination: maskEmail(username.includes("@") ? username : "user@example.com"),
  },
});

function resendConfirmationCode(services: Services): Route {
  return async (ctx, req: CodeRequest) => {
    const { pool: userPool, user } = await personNamed(services, ctx, req.ClientId, req.Username);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    if (!user) {
      if (client?.PreventUserExistenceErrors === "ENABLED") return simulatedDelivery(req.Username);
      throw new UserNotFoundError();
    }
    if (user.UserStatus === "CONFIRMED") {
      throw new InvalidParameterError("User is already confirmed.");
    }
    const email = attributeValue("email", user.Attributes);
    if (!email) throw new InvalidParameterError("The user has no email address.");
    const code = services.otp();
    const delivery = {
      AttributeName: "email",
      DeliveryMedium: "EMAIL",
      Destination: email,
    } as const;
    await services.messages.deliver(
      ctx,
      "ResendCode",
      req.ClientId,
      userPool.options.Id,
      user,
      code,
      req.ClientMetadata,
      delivery,
    );
    await userPool.saveUser(ctx, {
      ...user,
      ConfirmationCode: code,
      UserLastModifiedDate: services.clock.get(),
    });
    return { CodeDeliveryDetails: { ...delivery, Destination: maskEmail(email) } };
  };
}

interface AdminCreateRequest {
  UserPoolId: string;
  Username: string;
  UserAttributes?: { Name: string; Value?: string }[];
  ClientMetadata?: Record<string, string>;
}

/**
 * An admin's new account passes the pool's pre-sign-up trigger first, as on AWS (its source
 * `PreSignUp_AdminCreateUser`), so it meets the rule a sign-up meets; cognito-local runs the
 * trigger on SignUp alone.
 */
function adminCreateUser(services: Services, original: Route): Route {
  return async (ctx, req: AdminCreateRequest) => {
    if (services.triggers.enabled("PreSignUp")) {
      await services.triggers.preSignUp(ctx, {
        // Cognito names no app client for an admin's request.
        clientId: "",
        source: "PreSignUp_AdminCreateUser",
        userAttributes: req.UserAttributes ?? [],
        username: req.Username,
        userPoolId: req.UserPoolId,
        clientMetadata: req.ClientMetadata,
        validationData: undefined,
      });
    }
    return original(ctx, req);
  };
}

function forgotPassword(services: Services, original: Route): Route {
  return async (ctx, req: CodeRequest) => {
    const { user } = await personNamed(services, ctx, req.ClientId, req.Username);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    if (!user && client?.PreventUserExistenceErrors === "ENABLED") {
      return simulatedDelivery(req.Username);
    }
    if (user && user.UserStatus !== "CONFIRMED") {
      // Amazon Cognito's answer when the only recovery channel was never verified.
      throw new InvalidParameterError(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
      );
    }
    return original(ctx, req);
  };
}

/**
 * Amazon Cognito's limit on codes a person asks for or enters. For password resets it says "in a
 * given hour, we allow between 5 and 20 attempts for a user to request or enter a password reset
 * code", the number set by the requests' risk ("Forgot password behavior", Cognito's guide). For
 * sign-up codes it refuses with the same LimitExceededException but publishes no number, so the
 * local pool holds them to the same (ADR 0049). It keeps the least: past 5 attempts of one kind
 * (asking and entering together, whether they succeed or not) in the last hour, a person's next of
 * that kind is refused, and counts for nothing. Each kind is counted apart.
 */
export const CODE_ATTEMPTS = { perHour: 5, hourMs: 60 * 60_000 } as const;

class AttemptLimitExceeded extends CognitoError {
  constructor() {
    super("LimitExceededException", "Attempt limit exceeded, please try after some time.");
  }
}

/** The targets that ask for or enter a code, by the kind of code, whose attempts count together. */
const codeKinds: Record<string, "password reset" | "sign-up" | undefined> = {
  ForgotPassword: "password reset",
  ConfirmForgotPassword: "password reset",
  ResendConfirmationCode: "sign-up",
  ConfirmSignUp: "sign-up",
};

/**
 * The user a request names through an app client, and the key under which a limit on them is
 * kept (the pool's and the user's own name, whichever name the request gave); undefined for a name
 * the pool does not know.
 */
async function limitedPerson(
  services: Services,
  ctx: Context,
  clientId: string,
  username: string,
): Promise<{ user: User; key: string } | undefined> {
  const { pool, user } = await personNamed(services, ctx, clientId, username);
  return user ? { user, key: `${pool.options.Id}/${user.Username}` } : undefined;
}

/**
 * Wraps a target that asks for or enters a code in Cognito's hourly limit on a person's attempts of
 * that kind. A name the pool does not know changes nothing and is not counted.
 */
function codeAttemptLimit(services: Services): (kind: string, original: Route) => Route {
  const attempts = new Map<string, number[]>();
  return (kind, original) => async (ctx, req: CodeRequest) => {
    const person = await limitedPerson(services, ctx, req.ClientId, req.Username);
    if (!person) return original(ctx, req);
    const key = `${kind}/${person.key}`;
    const now = services.clock.get().getTime();
    const recent = (attempts.get(key) ?? []).filter((at) => now - at < CODE_ATTEMPTS.hourMs);
    if (recent.length >= CODE_ATTEMPTS.perHour) throw new AttemptLimitExceeded();
    attempts.set(key, [...recent, now]);
    return original(ctx, req);
  };
}

/**
 * Amazon Cognito's lockout of password sign-ins: after five failures in a row a person is locked
 * out for one second, and for twice as long after each further failure, up to about 15 minutes;
 * an attempt while locked out is refused with "Password attempts exceeded" whatever the password,
 * and counts for nothing. A sign-in that succeeds, or 15 minutes without an attempt, starts the
 * count again. (The "Lockout behavior for failed sign-in attempts" section of Cognito's guide.)
 */
export const SIGN_IN_LOCKOUT = {
  freeFailures: 5,
  firstLockoutMs: 1_000,
  longestLockoutMs: 15 * 60_000,
  quietResetMs: 15 * 60_000,
} as const;

interface SignInAttempts {
  failures: number;
  lockedUntil: number;
  lastAttempt: number;
}

interface PasswordSignIn {
  ClientId: string;
  AuthFlow?: string;
  AuthParameters?: { USERNAME?: string; PASSWORD?: string; SRP_A?: string };
  ClientMetadata?: Record<string, string>;
}

/**
 * Runs a password sign-in attempt for `username` under the lockout: refused while the person is
 * locked out, counted when it fails for a wrong password (cognito-local's InvalidPasswordException,
 * or a wrong SRP proof), and the count cleared when it succeeds. The attempt is given the user the
 * lockout found; a name the pool does not know is answered as a wrong password, and not attempted.
 */
type LockedSignIn = <T>(
  ctx: Context,
  clientId: string,
  username: string,
  attempt: (user: User) => Promise<T>,
) => Promise<T>;

function signInLockout(services: Services): LockedSignIn {
  const people = new Map<string, SignInAttempts>();
  return async (ctx, clientId, username, attempt) => {
    const person = await limitedPerson(services, ctx, clientId, username);
    // Cognito answers a name it does not know as a wrong password (the pool prevents user-existence
    // errors); cognito-local would say "User not authorized".
    if (!person) throw new WrongPassword();
    const { user, key } = person;
    const now = services.clock.get().getTime();
    const before = people.get(key);
    const attempts =
      before && now - before.lastAttempt < SIGN_IN_LOCKOUT.quietResetMs
        ? before
        : { failures: 0, lockedUntil: 0, lastAttempt: now };
    attempts.lastAttempt = now;
    people.set(key, attempts);
    if (now < attempts.lockedUntil) throw new NotAuthorizedError("Password attempts exceeded");
    try {
      const answer = await attempt(user);
      people.delete(key);
      return answer;
    } catch (error) {
      const wrong =
        (error as CognitoError).code === "InvalidPasswordException" ? new WrongPassword() : error;
      if (wrong instanceof WrongPassword) {
        attempts.failures += 1;
        const over = attempts.failures - SIGN_IN_LOCKOUT.freeFailures;
        if (over >= 0) {
          attempts.lockedUntil =
            now +
            Math.min(SIGN_IN_LOCKOUT.firstLockoutMs * 2 ** over, SIGN_IN_LOCKOUT.longestLockoutMs);
        }
      }
      throw wrong;
    }
  };
}

/**
 * How long a PASSWORD_VERIFIER challenge may be answered: an app client's authentication session
 * validity, 3 minutes unless the client sets more (the stack's does not).
 */
export const AUTH_SESSION_MS = 3 * 60_000;

interface PendingProof {
  /** The pool's own name for the user; undefined for a challenge made up for an unknown one. */
  userId?: string;
  poolName: string;
  key: Buffer;
  expires: number;
}

interface PasswordVerifierAnswer {
  ClientId: string;
  ChallengeName?: string;
  ChallengeResponses?: {
    USERNAME?: string;
    PASSWORD_CLAIM_SECRET_BLOCK?: string;
    PASSWORD_CLAIM_SIGNATURE?: string;
    TIMESTAMP?: string;
  };
  ClientMetadata?: Record<string, string>;
}

/**
 * Sign-in with SRP (USER_SRP_AUTH, then the PASSWORD_VERIFIER challenge), as Amazon Cognito answers
 * it: the password is proven, never sent. Once proven, the sign-in goes on as a password sign-in
 * with the password cognito-local keeps, so tokens, triggers, unconfirmed accounts and the lockout
 * are exactly as for USER_PASSWORD_AUTH.
 */
function srpSignIn(services: Services, passwordSignIn: Route, lockout: LockedSignIn) {
  const pending = new Map<string, PendingProof>();
  const forget = (now: number) => {
    for (const [block, proof] of pending) if (proof.expires <= now) pending.delete(block);
  };

  const initiate: Route = async (ctx, req: PasswordSignIn) => {
    const username = req.AuthParameters?.USERNAME;
    const clientPublic = req.AuthParameters?.SRP_A;
    if (!username || !clientPublic) {
      throw new InvalidParameterError("Missing required parameter SRP_A or USERNAME");
    }
    const { pool: userPool, user } = await personNamed(services, ctx, req.ClientId, username);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    const poolName = userPool.options.Id.split("_")[1] ?? userPool.options.Id;
    if (!user && client?.PreventUserExistenceErrors !== "ENABLED") throw new UserNotFoundError();
    // An unknown person gets a challenge all the same, which no answer can meet.
    const userId = user?.Username ?? randomUUID();
    let challenge: SrpChallenge;
    try {
      challenge = srpChallenge(poolName, userId, user?.Password ?? randomUUID(), clientPublic);
    } catch (error) {
      if (error instanceof SrpParameterError) throw new InvalidParameterError(error.message);
      throw error;
    }
    const now = services.clock.get().getTime();
    forget(now);
    const secretBlock = randomBytes(64).toString("base64");
    pending.set(secretBlock, {
      userId: user?.Username,
      poolName,
      key: challenge.key,
      expires: now + AUTH_SESSION_MS,
    });
    return {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: {
        SALT: challenge.salt,
        SECRET_BLOCK: secretBlock,
        SRP_B: challenge.serverPublic,
        USERNAME: userId,
        USER_ID_FOR_SRP: userId,
      },
    };
  };

  const verify: Route = async (ctx, req: PasswordVerifierAnswer) => {
    const answer = req.ChallengeResponses ?? {};
    const { USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE, TIMESTAMP } = answer;
    if (!USERNAME || !PASSWORD_CLAIM_SECRET_BLOCK || !PASSWORD_CLAIM_SIGNATURE || !TIMESTAMP) {
      throw new InvalidParameterError(
        "Missing required parameter USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE or TIMESTAMP",
      );
    }
    const timestamp = cognitoTimestamp(TIMESTAMP);
    if (!timestamp) {
      throw new InvalidParameterError(
        "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
      );
    }
    const now = services.clock.get().getTime();
    forget(now);
    const proof = pending.get(PASSWORD_CLAIM_SECRET_BLOCK);
    // A secret block answers one challenge, once.
    pending.delete(PASSWORD_CLAIM_SECRET_BLOCK);
    const { userId } = proof ?? {};
    if (!proof || !userId || userId !== USERNAME) throw new WrongPassword();
    return lockout(ctx, req.ClientId, userId, async (user) => {
      const expected = srpSignature(
        proof.key,
        proof.poolName,
        userId,
        PASSWORD_CLAIM_SECRET_BLOCK,
        timestamp,
      );
      if (!signatureMatches(expected, PASSWORD_CLAIM_SIGNATURE)) throw new WrongPassword();
      if (!user.Password) throw new WrongPassword();
      return passwordSignIn(ctx, {
        ClientId: req.ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: userId, PASSWORD: user.Password },
        ClientMetadata: req.ClientMetadata,
      });
    });
  };

  return { initiate, verify };
}

/** The error a trigger ended with during the request being answered, if one did. */
const triggerFailures = new AsyncLocalStorage<{ failure?: CognitoError }>();

/** Notes that a trigger gave up during this request, so that Cognito's answer says so. */
export function noteTriggerFailure(failure: CognitoError): void {
  const request = triggerFailures.getStore();
  if (request) request.failure ??= failure;
}

/** The targets that run the post-confirmation trigger once they have confirmed the account. */
const confirming = new Set(["ConfirmSignUp", "AdminConfirmSignUp", "ConfirmForgotPassword"]);

function answeringTriggerFailures(original: Route): Route {
  return (ctx, req) =>
    triggerFailures.run({}, async () => {
      const answer = await original(ctx, req);
      const failure = triggerFailures.getStore()?.failure;
      if (failure) throw failure;
      return answer;
    });
}

/** The app client setting each sign-in flow needs. */
const flowSettings: Record<string, string> = {
  USER_SRP_AUTH: "ALLOW_USER_SRP_AUTH",
  USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
  REFRESH_TOKEN_AUTH: "ALLOW_REFRESH_TOKEN_AUTH",
  REFRESH_TOKEN: "ALLOW_REFRESH_TOKEN_AUTH",
  ADMIN_USER_PASSWORD_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  ADMIN_NO_SRP_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  CUSTOM_AUTH: "ALLOW_CUSTOM_AUTH",
};

/** Refuses a sign-in by a flow the app client does not allow, as Amazon Cognito does. */
function allowedFlowsOnly(services: Services, original: Route): Route {
  return async (ctx, req: PasswordSignIn) => {
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    const setting = flowSettings[req.AuthFlow ?? ""];
    if (client && setting && !client.ExplicitAuthFlows?.includes(setting)) {
      throw new InvalidParameterError(`${req.AuthFlow} flow not enabled for this client`);
    }
    return original(ctx, req);
  };
}

/** The flows whose password the lockout counts (an admin's sign-in with a person's password too). */
const passwordFlows = new Set([
  "USER_PASSWORD_AUTH",
  "ADMIN_USER_PASSWORD_AUTH",
  "ADMIN_NO_SRP_AUTH",
]);

/** cognito-local's router with the targets above in front of it. */
export function withAwsBehaviour(services: Services, router: Router): Router {
  const lockout = signInLockout(services);
  const codeLimited = codeAttemptLimit(services);
  const passwordSignIn = router("InitiateAuth");
  const srp = srpSignIn(services, passwordSignIn, lockout);
  const locked =
    (original: Route): Route =>
    (ctx, req: PasswordSignIn) => {
      const username = req.AuthParameters?.USERNAME;
      if (!passwordFlows.has(req.AuthFlow ?? "") || !username) return original(ctx, req);
      return lockout(ctx, req.ClientId, username, () => original(ctx, req));
    };
  const passwordOrSrp = locked(passwordSignIn);
  const signIn = allowedFlowsOnly(services, (ctx, req: PasswordSignIn) =>
    req.AuthFlow === "USER_SRP_AUTH" ? srp.initiate(ctx, req) : passwordOrSrp(ctx, req),
  );
  const adminSignIn = allowedFlowsOnly(services, locked(router("AdminInitiateAuth")));
  const answer: Route = (ctx, req: PasswordVerifierAnswer) =>
    req.ChallengeName === "PASSWORD_VERIFIER"
      ? srp.verify(ctx, req)
      : router("RespondToAuthChallenge")(ctx, req);
  const routeFor = (target: string): Route => {
    if (target === "InitiateAuth") return withRefreshTokenExpiry(services, signIn);
    if (target === "AdminInitiateAuth") return withRefreshTokenExpiry(services, adminSignIn);
    if (target === "RespondToAuthChallenge") return answer;
    if (target === "ResendConfirmationCode") return resendConfirmationCode(services);
    if (target === "ForgotPassword") return forgotPassword(services, router(target));
    if (target === "AdminCreateUser") return adminCreateUser(services, router(target));
    if (confirming.has(target)) return answeringTriggerFailures(router(target));
    return router(target);
  };
  return (target) => {
    const route = routeFor(target);
    const kind = codeKinds[target];
    const checked = withAttributeSchema(
      services,
      target,
      withCodeLifetimes(services, target, route),
    );
    return withAccessTokenChecks(
      services,
      withPasswordPolicy(services, target, kind ? codeLimited(kind, checked) : checked),
    );
  };
}
