// The user pool's post-confirmation trigger as Cognito invokes it: waited for 5 s a try (less
// here, to keep the test short), tried again when it did not answer, three tries in all; not
// tried again when it threw. Either failure answers the confirmation with Cognito's error while
// the account stays confirmed, which the web app must cope with.
import {
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoTriggerInvocation } from "@dwipper/functions/routes";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminSignIn } from "./accounts";
import type { CognitoLocal } from "./cognito";
import { Mailbox } from "./mailbox";
import { type OwnPool, startOwnPool } from "./own-pool";

const TIMEOUT_MS = 300;
const mailbox = new Mailbox(null);

/** What the trigger does on each try, and the tries it was given. */
let onTry: (attempt: number) => Promise<void> = async () => {};
let tries: { attempt: number; source: string }[] = [];

let own: OwnPool;
let pool: CognitoLocal;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  own = await startOwnPool(mailbox, {
    poolTriggers: {
      timeoutMs: TIMEOUT_MS,
      postConfirmation: async (event) => {
        const attempt = tries.length + 1;
        tries.push({ attempt, source: (event as { triggerSource: string }).triggerSource });
        await onTry(attempt);
        return event;
      },
    },
  });
  ({ pool, cognito } = own);
});
afterAll(() => own.stop());
beforeEach(() => {
  tries = [];
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const password = "Shower-thought-1";

/** Registers a new account and confirms it with its code: Cognito's answer, or its error. */
async function registerAndConfirm() {
  const email = `trigger-${crypto.randomUUID()}@example.test`;
  const ClientId = pool.userPoolClientId;
  await cognito.send(
    new SignUpCommand({
      ClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "name", Value: "Tried" }],
    }),
  );
  const code = mailbox.list(email)[0]?.code;
  const confirmed = cognito
    .send(new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: code }))
    .then(
      () => undefined,
      (error: unknown) => error as Error,
    );
  return { email, error: await confirmed };
}

const signIn = (email: string) => adminSignIn(cognito, pool, email, password);

describe("the post-confirmation trigger", () => {
  it("is tried again while it does not answer in time, and the confirmation succeeds once it does", async () => {
    onTry = (attempt) => pause(attempt < cognitoTriggerInvocation.attempts ? TIMEOUT_MS * 3 : 0);
    const { email, error } = await registerAndConfirm();
    expect(error).toBeUndefined();
    expect(tries.map((each) => each.attempt)).toEqual([1, 2, 3]);
    expect(new Set(tries.map((each) => each.source))).toEqual(
      new Set(["PostConfirmation_ConfirmSignUp"]),
    );
    expect((await signIn(email)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  // Each try is stopped at its timeout in the functions' thread, where the local cloud runs the
  // trigger (pool-triggers.ts; handler-bundles.test.ts holds the stopping); here, the waits.
  it("that never answers in time fails the confirmation after three tries; the account stays confirmed", async () => {
    onTry = () => pause(TIMEOUT_MS * 2);
    const { email, error } = await registerAndConfirm();
    expect(error?.name).toBe("UnexpectedLambdaException");
    expect(tries).toHaveLength(cognitoTriggerInvocation.attempts);
    expect((await signIn(email)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it("that throws fails the confirmation at once with its message; the account stays confirmed", async () => {
    onTry = async () => {
      throw new Error("profile table unreachable");
    };
    const { email, error } = await registerAndConfirm();
    expect(error?.name).toBe("UserLambdaValidationException");
    expect(error?.message).toBe("PostConfirmation failed with error profile table unreachable.");
    expect(tries).toHaveLength(1);
    expect((await signIn(email)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it("that answers at once is invoked once, and the confirmation succeeds", async () => {
    onTry = async () => {};
    const { error } = await registerAndConfirm();
    expect(error).toBeUndefined();
    expect(tries).toHaveLength(1);
  });
});
