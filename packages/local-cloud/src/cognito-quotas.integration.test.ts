// Amazon Cognito's request-rate quotas on the local pool: each category takes its rate a second
// and refuses the next request with `TooManyRequestsException` ("Rate exceeded"), having done
// nothing; one person's reads (signing in among them) and writes are limited apart, whichever name
// or token they come by; answers to sign-in challenges have three times sign-in's allowance, then
// share it. The pool runs on a clock this test holds still and moves, so that no figure depends on
// how fast the machine answers.
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ForgotPasswordCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ResendsOnKeptConnections } from "@dwipper/core/kept-connections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSignIn } from "./accounts";
import type { CognitoLocal } from "./cognito";
import {
  CHALLENGE_ANSWERS,
  COGNITO_RATE_QUOTAS,
  PERSON_READS_PER_SECOND,
  PERSON_WRITES_PER_SECOND,
} from "./cognito-quotas";
import { localCredentials } from "./credentials";
import { Mailbox } from "./mailbox";
import { OWN_POOL_REGION, type OwnPool, startOwnPool } from "./own-pool";

let now = new Date("2026-12-07T12:00:00Z").getTime();
const clock = { get: () => new Date(now) };
/** Moves the pool's clock a second on: every allowance is whole again. */
const nextSecond = () => {
  now += 1_000;
};

let own: OwnPool;
let pool: CognitoLocal;
/** A client that does not try a throttled request again, so each answer is the pool's own. */
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  own = await startOwnPool(new Mailbox(null), { clock });
  pool = own.pool;
  cognito = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: OWN_POOL_REGION,
    credentials: localCredentials,
    maxAttempts: 1,
    // A request a kept connection lost (the pool closed it, idle) never reached the pool: it is
    // sent once more, as the functions' clients send it (ADR 0064).
    requestHandler: new ResendsOnKeptConnections(),
  });
});
afterAll(async () => {
  cognito.destroy();
  await own.stop();
});

const password = "Shower-thought-1";
const throttled = "TooManyRequestsException: Rate exceeded";

/**
 * "throttled" as Cognito words it, else "answered" (whether it succeeded or failed otherwise). A
 * request the pool never answered (a connection lost) is no outcome: it fails the test as it is.
 */
async function outcome(request: Promise<unknown>): Promise<string> {
  try {
    await request;
    return "answered";
  } catch (error) {
    const { name, message, $metadata } = error as Error & {
      $metadata?: { httpStatusCode?: number };
    };
    if ($metadata?.httpStatusCode === undefined) throw error;
    return name === "TooManyRequestsException" ? `${name}: ${message}` : "answered";
  }
}

/** The outcomes of `count` requests sent at once, `at` numbering each. */
const outcomes = (count: number, at: (n: number) => Promise<unknown>) =>
  Promise.all(Array.from({ length: count }, (_, n) => outcome(at(n))));

const unique = () => `quota-${crypto.randomUUID()}@example.test`;

const signUp = (email: string) =>
  cognito.send(
    new SignUpCommand({
      ClientId: pool.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "name", Value: "Quota" }],
    }),
  );

const signIn = (email: string) => adminSignIn(cognito, pool, email, password);

async function newPerson(): Promise<string> {
  const email = unique();
  await signUp(email);
  await cognito.send(
    new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }),
  );
  return email;
}

describe("Cognito's request-rate quotas", () => {
  it("refuse the account past UserCreation's 50 a second, which then does not exist, and take it a second later", async () => {
    nextSecond();
    const { perSecond } = COGNITO_RATE_QUOTAS.UserCreation;
    const made = await outcomes(perSecond, () => signUp(unique()));
    expect(made).toEqual(Array(perSecond).fill("answered"));

    const late = unique();
    expect(await outcome(signUp(late))).toBe(throttled);
    await expect(
      cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: late })),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });

    nextSecond();
    expect(await outcome(signUp(late))).toBe("answered");
  });

  it.each([
    {
      category: "UserAccountRecovery",
      request: () =>
        cognito.send(
          new ForgotPasswordCommand({ ClientId: pool.userPoolClientId, Username: unique() }),
        ),
    },
    {
      category: "UserRead",
      request: () =>
        cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: unique() })),
    },
    {
      category: "UserList",
      request: () => cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Limit: 1 })),
    },
    {
      category: "UserToken",
      // A token Cognito never issued: refused, once counted.
      request: () =>
        cognito.send(
          new RevokeTokenCommand({ ClientId: pool.userPoolClientId, Token: "not-a-token" }),
        ),
    },
  ] as const)(
    "refuse the request past its category's rate a second: $category",
    async ({ category, request }) => {
      nextSecond();
      const { perSecond } = COGNITO_RATE_QUOTAS[category];
      expect(await outcomes(perSecond, request)).toEqual(Array(perSecond).fill("answered"));
      expect(await outcome(request())).toBe(throttled);
      nextSecond();
      expect(await outcome(request())).toBe("answered");
    },
  );

  it("take ten sign-ins a second from one person, whose eleventh is refused while another signs in", async () => {
    nextSecond();
    const [one, other] = [await newPerson(), await newPerson()];
    nextSecond();
    const tries = await outcomes(PERSON_READS_PER_SECOND, () => signIn(one));
    expect(tries).toEqual(Array(PERSON_READS_PER_SECOND).fill("answered"));
    expect(await outcome(signIn(one))).toBe(throttled);
    expect(await outcome(signIn(one.toUpperCase()))).toBe(throttled);
    await expect(signIn(other)).resolves.toMatchObject({
      AuthenticationResult: { IdToken: expect.any(String) },
    });
    // A tenth of a second gives that person one more.
    now += 1_000 / PERSON_READS_PER_SECOND;
    expect(await outcome(signIn(one))).toBe("answered");
    expect(await outcome(signIn(one))).toBe(throttled);
  });

  it("count one person's sign-ins together, by email or by user name", async () => {
    nextSecond();
    const email = await newPerson();
    const { Username: username = "" } = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }),
    );
    expect(username).not.toBe(email);
    nextSecond();
    const half = PERSON_READS_PER_SECOND / 2;
    expect([
      ...(await outcomes(half, () => signIn(email))),
      ...(await outcomes(half, () => signIn(username))),
    ]).toEqual(Array(PERSON_READS_PER_SECOND).fill("answered"));
    expect(await outcome(signIn(email))).toBe(throttled);
    expect(await outcome(signIn(username))).toBe(throttled);
  });

  it("take ten writes a second from one person, by name or by token, apart from their reads", async () => {
    nextSecond();
    const [email, other] = [await newPerson(), await newPerson()];
    const { AuthenticationResult } = await signIn(email);
    const accessToken = AuthenticationResult?.AccessToken ?? "";
    nextSecond();
    const askForCode = (who: string) =>
      cognito.send(new ForgotPasswordCommand({ ClientId: pool.userPoolClientId, Username: who }));
    // Refused for its wrong current password, once counted.
    const changePassword = () =>
      cognito.send(
        new ChangePasswordCommand({
          AccessToken: accessToken,
          PreviousPassword: "Not-the-password-1",
          ProposedPassword: "Shower-thought-2",
        }),
      );
    const half = PERSON_WRITES_PER_SECOND / 2;
    expect([
      ...(await outcomes(half, () => askForCode(email))),
      ...(await outcomes(half, changePassword)),
    ]).toEqual(Array(PERSON_WRITES_PER_SECOND).fill("answered"));
    expect(await outcome(askForCode(email))).toBe(throttled);
    expect(await outcome(changePassword())).toBe(throttled);
    // Their reads have an allowance of their own, and another person is not held up.
    expect(await outcome(signIn(email))).toBe("answered");
    expect(await outcome(askForCode(other))).toBe("answered");
    nextSecond();
    expect(await outcome(askForCode(email))).toBe("answered");
  });

  it("give answers to sign-in challenges three times sign-in's allowance, then count them against it", async () => {
    nextSecond();
    const person = await newPerson();
    nextSecond();
    // An answer with nothing in it: Cognito refuses it, after counting it.
    const answer = () =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.userPoolClientId,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: {},
        }),
      );
    const signIns = COGNITO_RATE_QUOTAS.UserAuthentication.perSecond;
    const own = signIns * CHALLENGE_ANSWERS.timesUserAuthentication;
    const answered: string[] = [];
    for (let sent = 0; sent < own + signIns; sent += 40) {
      answered.push(...(await outcomes(Math.min(40, own + signIns - sent), answer)));
    }
    expect(answered).toEqual(Array(own + signIns).fill("answered"));
    expect(await outcome(answer())).toBe(throttled);
    // The answers spent sign-in's allowance too.
    expect(await outcome(signIn(person))).toBe(throttled);
    nextSecond();
    expect(await outcome(signIn(person))).toBe("answered");
  });
});
