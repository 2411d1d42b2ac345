// Amazon Cognito's lockout of password sign-ins, which cognito-local lacks and the local cloud
// supplies: five failures in a row, then a lockout of 1 s that doubles with each further failure;
// while locked out even the right password is refused ("Password attempts exceeded"). The pool runs
// on a clock this test moves, so that no figure depends on how fast the machine answers. A sign-in
// with SRP, as the web app makes it, counts the same as one with the password. The hourly limits on
// password reset codes and sign-up codes are held on the same clock, and so is how long a code is
// taken after it was sent.
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ResendsOnKeptConnections } from "@dwipper/core/kept-connections";
import { srpOutcome } from "@dwipper/testing/srp-sign-in";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSignIn } from "./accounts";
import type { CognitoLocal } from "./cognito";
import { CODE_LIFETIME_MS } from "./cognito-codes";
import { PERSON_READS_PER_SECOND } from "./cognito-quotas";
import { CODE_ATTEMPTS, SIGN_IN_LOCKOUT } from "./cognito-targets";
import { localCredentials } from "./credentials";
import { Mailbox } from "./mailbox";
import { OWN_POOL_REGION, type OwnPool, startOwnPool } from "./own-pool";

let now = new Date("2026-12-05T12:00:00Z").getTime();
const clock = { get: () => new Date(now) };
const wait = (ms: number) => {
  now += ms;
};

let own: OwnPool;
let pool: CognitoLocal;
let cognito: CognitoIdentityProviderClient;
const mailbox = new Mailbox(null);

beforeAll(async () => {
  own = await startOwnPool(mailbox, { clock });
  ({ pool, cognito } = own);
});
afterAll(() => own.stop());

const password = "Shower-thought-1";

/** Someone who has signed up and not yet confirmed their email. */
async function newUnconfirmedPerson(): Promise<string> {
  const email = `lockout-${crypto.randomUUID()}@example.test`;
  await cognito.send(
    new SignUpCommand({
      ClientId: pool.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "name", Value: "Locked" }],
    }),
  );
  return email;
}

async function newPerson(): Promise<string> {
  const email = await newUnconfirmedPerson();
  await cognito.send(
    new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }),
  );
  return email;
}

/** A password sign-in: "ok", or the error's name and message. */
async function signIn(email: string, withPassword: string): Promise<string> {
  try {
    await adminSignIn(cognito, pool, email, withPassword);
    return "ok";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const exceeded = "NotAuthorizedException: Password attempts exceeded";
const wrongPassword = "NotAuthorizedException: Incorrect username or password.";

/**
 * Fails `times` sign-ins in a row, each a tenth of a second after the one before: Cognito takes no
 * more than ten sign-ins a second from one person, and would refuse a quicker one for that instead.
 */
async function failTimes(email: string, times: number) {
  for (let n = 0; n < times; n++) {
    wait(1_000 / PERSON_READS_PER_SECOND);
    expect(await signIn(email, "Not-the-password-1")).toBe(wrongPassword);
  }
}

describe("signing in with a password", () => {
  it("is refused, right password or not, for 1 s after five failures, then 2 s after a sixth", async () => {
    const email = await newPerson();
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures);
    expect(await signIn(email, password)).toBe(exceeded);
    wait(999);
    expect(await signIn(email, password)).toBe(exceeded);
    wait(1);
    // The lockout is over; a sixth failure locks for twice as long.
    await failTimes(email, 1);
    wait(1_999);
    expect(await signIn(email, password)).toBe(exceeded);
    wait(1);
    expect(await signIn(email, password)).toBe("ok");
  });

  it("counts from nothing again after a sign-in, and after 15 minutes without an attempt", async () => {
    const email = await newPerson();
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures - 1);
    expect(await signIn(email, password)).toBe("ok");
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures - 1);
    wait(SIGN_IN_LOCKOUT.quietResetMs);
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures - 1);
    expect(await signIn(email, password)).toBe("ok");
  });

  it("locks out the person whose password was tried, not everyone", async () => {
    const [tried, other] = await Promise.all([newPerson(), newPerson()]);
    await failTimes(tried, SIGN_IN_LOCKOUT.freeFailures);
    expect(await signIn(tried, password)).toBe(exceeded);
    expect(await signIn(other, password)).toBe("ok");
  });

  it("does not lengthen a lockout for attempts made during it, and stops at about 15 minutes", async () => {
    const email = await newPerson();
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures);
    // Ten more tries within the lockout's second, spread over it (as failTimes spreads its own).
    for (let n = 0; n < 10; n++) {
      wait(90);
      expect(await signIn(email, "Not-the-password-1")).toBe(exceeded);
    }
    wait(100);
    expect(await signIn(email, password)).toBe("ok");
    // Fifteen failures, each once the lockout before it is over (1 s, 2 s, … 512 s): after the
    // fifteenth, 2^10 s would pass 15 minutes.
    let lockout = SIGN_IN_LOCKOUT.firstLockoutMs;
    for (let n = 1; n <= 15; n++) {
      await failTimes(email, 1);
      if (n >= SIGN_IN_LOCKOUT.freeFailures && n < 15) {
        wait(lockout);
        lockout *= 2;
      }
    }
    wait(SIGN_IN_LOCKOUT.longestLockoutMs - 1);
    expect(await signIn(email, password)).toBe(exceeded);
    wait(1);
    expect(await signIn(email, password)).toBe("ok");
  });

  it("counts wrong SRP proofs with wrong passwords, and refuses the right proof while locked out", async () => {
    const email = await newPerson();
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures - 2);
    for (let n = 0; n < 2; n++) {
      expect(await srpOutcome(pool, email, "Not-the-password-1")).toBe(
        "NotAuthorizedException: Incorrect username or password.",
      );
    }
    expect(await srpOutcome(pool, email, password)).toBe(exceeded);
    expect(await signIn(email, password)).toBe(exceeded);
    wait(1_000);
    expect(await srpOutcome(pool, email, password)).toBe("ok");
    // The sign-in cleared the count.
    await failTimes(email, SIGN_IN_LOCKOUT.freeFailures - 1);
    expect(await srpOutcome(pool, email, password)).toBe("ok");
  });
});

describe("codes asked for and entered", () => {
  // The SDK takes LimitExceededException for throttling and asks again after a wait; the web app's
  // library asks once, as this client does.
  let once: CognitoIdentityProviderClient;
  beforeAll(() => {
    once = new CognitoIdentityProviderClient({
      endpoint: pool.endpoint,
      region: OWN_POOL_REGION,
      credentials: localCredentials,
      maxAttempts: 1,
      // A request a kept connection lost (the pool closed it, idle) never reached the pool: it is
      // sent once more, as the functions' clients send it (ADR 0064).
      requestHandler: new ResendsOnKeptConnections(),
    });
  });
  afterAll(() => once.destroy());

  /** Sends `command` once: "ok", or the error's name. */
  async function outcome(
    command:
      | ForgotPasswordCommand
      | ResendConfirmationCodeCommand
      | ConfirmSignUpCommand
      | ConfirmForgotPasswordCommand,
  ): Promise<string> {
    try {
      // One client sends each kind; the union is only for the test's sake.
      await once.send(command as ForgotPasswordCommand);
      return "ok";
    } catch (error) {
      return (error as Error).name;
    }
  }

  const ClientId = () => pool.userPoolClientId;
  const askForCode = (email: string) =>
    outcome(new ForgotPasswordCommand({ ClientId: ClientId(), Username: email }));
  const askForSignUpCode = (email: string) =>
    outcome(new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username: email }));
  const confirm = (email: string, code: string) =>
    outcome(
      new ConfirmSignUpCommand({ ClientId: ClientId(), Username: email, ConfirmationCode: code }),
    );
  const resetPassword = (email: string, code: string, newPassword: string) =>
    outcome(
      new ConfirmForgotPasswordCommand({
        ClientId: ClientId(),
        Username: email,
        ConfirmationCode: code,
        Password: newPassword,
      }),
    );
  /** The newest code of `kind` sent to `email`. */
  const newestCode = (email: string, kind: string) =>
    mailbox.list(email).find((message) => message.kind === kind)?.code ?? "";
  const signUpCode = (email: string) => newestCode(email, "confirm-sign-up");
  /** A code of the same form that is not `code`. */
  const otherThan = (code: string) => (code === "000000" ? "111111" : "000000");

  it("for a sign-up are refused past five in an hour, the right code too, and counted apart from resets", async () => {
    const email = await newUnconfirmedPerson();
    wait(1_000);
    expect(await askForSignUpCode(email)).toBe("ok");
    wait(1_000);
    expect(await askForSignUpCode(email)).toBe("ok");
    for (let n = 0; n < CODE_ATTEMPTS.perHour - 2; n++) {
      wait(1_000);
      expect(await confirm(email, "000000")).toBe("CodeMismatchException");
    }
    wait(1_000);
    expect(await confirm(email, signUpCode(email))).toBe("LimitExceededException");
    expect(await askForSignUpCode(email)).toBe("LimitExceededException");
    expect(await srpOutcome(pool, email, password)).toMatch(/^UserNotConfirmedException:/);
    // An hour after the first attempt, one more is allowed: the right code confirms.
    wait(CODE_ATTEMPTS.hourMs - 5_000);
    expect(await confirm(email, signUpCode(email))).toBe("ok");
    expect(await srpOutcome(pool, email, password)).toBe("ok");
    // The hour still holds five sign-up attempts; a reset's count is its own.
    for (let n = 0; n < CODE_ATTEMPTS.perHour; n++) {
      wait(1);
      expect(await askForCode(email)).toBe("ok");
    }
    expect(await askForCode(email)).toBe("LimitExceededException");
  });

  it("for a password reset are refused past five in an hour, and allowed again as each attempt leaves the hour", async () => {
    const email = await newPerson();
    for (let n = 0; n < CODE_ATTEMPTS.perHour; n++) {
      wait(1_000);
      expect(await askForCode(email)).toBe("ok");
    }
    wait(1_000);
    expect(await askForCode(email)).toBe("LimitExceededException");
    // The first attempt was five seconds ago; it counts until an hour after it was made.
    wait(CODE_ATTEMPTS.hourMs - 5_000 - 1);
    expect(await askForCode(email)).toBe("LimitExceededException");
    wait(1);
    expect(await askForCode(email)).toBe("ok");
    // The refused ones counted for nothing; the hour now holds the second to the fifth and this.
    expect(await askForCode(email)).toBe("LimitExceededException");
  });

  it("for a sign-up are taken for 24 hours; the right code after that is expired, and a new one confirms", async () => {
    const email = await newUnconfirmedPerson();
    const first = signUpCode(email);
    wait(CODE_LIFETIME_MS["sign-up"]);
    expect(await confirm(email, first)).toBe("ExpiredCodeException");
    expect(await confirm(email, otherThan(first))).toBe("CodeMismatchException");
    expect(await srpOutcome(pool, email, password)).toMatch(/^UserNotConfirmedException:/);
    expect(await askForSignUpCode(email)).toBe("ok");
    wait(CODE_LIFETIME_MS["sign-up"] - 1);
    expect(await confirm(email, signUpCode(email))).toBe("ok");
    expect(await srpOutcome(pool, email, password)).toBe("ok");
  });

  it("for a password reset are taken for an hour; after that the right code changes nothing", async () => {
    const email = await newPerson();
    expect(await askForCode(email)).toBe("ok");
    const first = newestCode(email, "forgot-password");
    wait(CODE_LIFETIME_MS["password reset"]);
    expect(await resetPassword(email, first, "Another-pass1")).toBe("ExpiredCodeException");
    expect(await signIn(email, password)).toBe("ok");
    expect(await signIn(email, "Another-pass1")).toBe(wrongPassword);
    expect(await askForCode(email)).toBe("ok");
    wait(CODE_LIFETIME_MS["password reset"] - 1);
    const second = newestCode(email, "forgot-password");
    expect(await resetPassword(email, second, "Another-pass1")).toBe("ok");
    expect(await signIn(email, "Another-pass1")).toBe("ok");
  });
});
