// How long a code the pool sends may be entered. Amazon Cognito takes a sign-up code for 24 hours
// ("Signing up and confirming user accounts" in its guide) and a password reset code for one hour
// ("Recovering user accounts"), and answers a code past that with ExpiredCodeException, changing
// nothing; cognito-local takes a code however old it is, so the web app's words for an expired
// code were never met locally. The local pool notes when it sent each code, on the person's
// record (so a pool kept on disk keeps it across restarts), and refuses the right code once it is
// too old. A wrong code is a wrong code whatever its age. And a sign-up code entered once the
// account is confirmed (a second tab, a form sent twice) is answered as Cognito answers it, not as
// expired, which is what cognito-local said.
import { ExpiredCodeError, NotAuthorizedError } from "cognito-local/lib/errors.js";
import type { Route } from "cognito-local/lib/server/Router.js";
import type { Context } from "cognito-local/lib/services/context.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type { User } from "cognito-local/lib/services/userPoolService.js";
import { personNamed } from "./cognito-usernames";

const HOUR_MS = 60 * 60_000;

/** How long each kind of code may be entered after it was sent. */
export const CODE_LIFETIME_MS = { "sign-up": 24 * HOUR_MS, "password reset": HOUR_MS } as const;

type CodeKind = keyof typeof CODE_LIFETIME_MS;

/** The targets that send a code, by its kind. */
const SENDING: Record<string, CodeKind | undefined> = {
  SignUp: "sign-up",
  ResendConfirmationCode: "sign-up",
  ForgotPassword: "password reset",
};

/** The targets that take a code, by its kind. */
const ENTERING: Record<string, CodeKind | undefined> = {
  ConfirmSignUp: "sign-up",
  ConfirmForgotPassword: "password reset",
};

interface CodeRequest {
  ClientId: string;
  Username: string;
  ConfirmationCode?: string;
}

/** A person's record with the time their latest code was sent (cognito-local keeps the code). */
type WithCodeSent = User & { ConfirmationCodeSentAt?: number };

async function personOf(services: Services, ctx: Context, req: CodeRequest) {
  const { pool, user } = await personNamed(services, ctx, req.ClientId, req.Username);
  return { pool, user: user as WithCodeSent | null };
}

/** `route` for `target`, noting when a code is sent and refusing one entered past its lifetime. */
export function withCodeLifetimes(services: Services, target: string, route: Route): Route {
  const sent = SENDING[target];
  if (sent) {
    return async (ctx, req: CodeRequest) => {
      const answer = await route(ctx, req);
      // Only a person the pool knows was sent a code; an unknown email was answered as if it were.
      const { pool, user } = await personOf(services, ctx, req);
      if (user?.ConfirmationCode) {
        const at = services.clock.get().getTime();
        await pool.saveUser(ctx, { ...user, ConfirmationCodeSentAt: at } as User);
      }
      return answer;
    };
  }
  const entered = ENTERING[target];
  if (entered) {
    return async (ctx, req: CodeRequest) => {
      const { user } = await personOf(services, ctx, req);
      if (target === "ConfirmSignUp" && user?.UserStatus === "CONFIRMED") {
        throw new NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED");
      }
      const sentAt = user?.ConfirmationCodeSentAt;
      const age = sentAt === undefined ? 0 : services.clock.get().getTime() - sentAt;
      if (user?.ConfirmationCode === req.ConfirmationCode && age >= CODE_LIFETIME_MS[entered]) {
        throw new ExpiredCodeError();
      }
      return route(ctx, req);
    };
  }
  return route;
}
