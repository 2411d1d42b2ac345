// What cognito-local 5.3.0 lacks or does differently from Amazon Cognito, supplied here so the app
// meets AWS's behaviour locally (docs/decisions/0005-local-cognito-gaps.md):
// - ResendConfirmationCode does not exist in cognito-local;
// - ForgotPassword must refuse users whose email is not confirmed, and, with user-existence errors
//   prevented, answer an unknown email as if a code had been sent;
// - a confirmation whose post-confirmation trigger failed is answered with the trigger's error
//   (the account stays confirmed), where cognito-local logs it and answers success;
// - repeated failed sign-ins lock a person out for a while, as Amazon Cognito documents, where
//   cognito-local lets anyone try passwords without end.

import { AsyncLocalStorage } from "node:async_hooks";
import {
  type CognitoError,
  InvalidParameterError,
  NotAuthorizedError,
  UserNotFoundError,
} from "cognito-local/lib/errors.js";
import type { Route, Router } from "cognito-local/lib/server/Router.js";
import type { Services } from "cognito-local/lib/services/index.js";
import { attributeValue } from "cognito-local/lib/services/userPoolService.js";

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
    const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
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

function forgotPassword(services: Services, original: Route): Route {
  return async (ctx, req: CodeRequest) => {
    const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
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
  AuthParameters?: { USERNAME?: string };
}

function lockingOutRepeatedFailures(services: Services, original: Route): Route {
  const people = new Map<string, SignInAttempts>();
  return async (ctx, req: PasswordSignIn) => {
    const username = req.AuthParameters?.USERNAME;
    if (req.AuthFlow !== "USER_PASSWORD_AUTH" || !username) return original(ctx, req);
    const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await userPool.getUserByUsername(ctx, username);
    if (!user) return original(ctx, req);
    const key = `${userPool.options.Id}/${user.Username}`;
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
      const answer = await original(ctx, req);
      people.delete(key);
      return answer;
    } catch (error) {
      // cognito-local's answer to a wrong password (Amazon Cognito's is NotAuthorizedException).
      if ((error as CognitoError).code === "InvalidPasswordException") {
        attempts.failures += 1;
        const over = attempts.failures - SIGN_IN_LOCKOUT.freeFailures;
        if (over >= 0) {
          attempts.lockedUntil =
            now +
            Math.min(SIGN_IN_LOCKOUT.firstLockoutMs * 2 ** over, SIGN_IN_LOCKOUT.longestLockoutMs);
        }
      }
      throw error;
    }
  };
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

/** cognito-local's router with the targets above in front of it. */
export function withAwsBehaviour(services: Services, router: Router): Router {
  const signIn = lockingOutRepeatedFailures(services, router("InitiateAuth"));
  return (target) => {
    if (target === "InitiateAuth") return signIn;
    if (target === "ResendConfirmationCode") return resendConfirmationCode(services);
    if (target === "ForgotPassword") return forgotPassword(services, router(target));
    if (confirming.has(target)) return answeringTriggerFailures(router(target));
    return router(target);
  };
}
