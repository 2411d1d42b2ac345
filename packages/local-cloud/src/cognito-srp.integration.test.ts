// Signing in with SRP, as the web app does on AWS, against the local Cognito: the SDK's own client
// proves the password and gets the person's tokens, which the API takes; the web client allows no
// password sign-in besides; Cognito's answers to a wrong password, an unknown person, an
// unconfirmed account, a malformed timestamp and a secret block answered twice.
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { SdkSrpClient, srpOutcome, srpSignIn } from "@dwipper/testing/srp-sign-in";
import { callApi, createUser, registerUnconfirmed } from "@dwipper/testing/users";
import { decodeJwt } from "jose";
import { afterAll, describe, expect, inject, it } from "vitest";
import { srpSignature } from "./cognito-srp";
import { localCredentials } from "./credentials";

const stack = inject("stack");
const pool = stack.cognito;
const cognito = new CognitoIdentityProviderClient({
  endpoint: pool.endpoint,
  region: stack.region,
  credentials: localCredentials,
});
afterAll(() => cognito.destroy());

const wrong = "NotAuthorizedException: Incorrect username or password.";

describe("signing in with SRP", () => {
  it("gives the SDK's client the person's tokens, which the API takes", async () => {
    const person = await createUser(stack, "Srp Person");
    const session = await srpSignIn(pool, person.email, person.password);
    const idToken = session.getIdToken().getJwtToken();
    expect(decodeJwt(idToken)).toMatchObject({
      sub: person.sub,
      email: person.email,
      name: "Srp Person",
      token_use: "id",
    });
    const mine = await callApi(stack, "GET", "/me/dwipps", { token: idToken });
    expect(mine.status).toBe(200);
  });

  it("is the one way the web client takes a password: a password sign-in is refused, as on AWS", async () => {
    const person = await createUser(stack);
    await expect(
      cognito.send(
        new InitiateAuthCommand({
          ClientId: pool.userPoolClientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: person.email, PASSWORD: person.password },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "USER_PASSWORD_AUTH flow not enabled for this client",
    });
  });

  it("answers a wrong password and an unknown person alike", async () => {
    const person = await createUser(stack);
    expect(await srpOutcome(pool, person.email, `${person.password}x`)).toBe(wrong);
    expect(await srpOutcome(pool, `nobody-${crypto.randomUUID()}@example.test`, "Pw-1-a")).toBe(
      wrong,
    );
  });

  it("tells an unconfirmed person so, once the password is proven", async () => {
    const pending = await registerUnconfirmed(stack);
    expect(await srpOutcome(pool, pending.email, `${pending.password}x`)).toBe(wrong);
    expect(await srpOutcome(pool, pending.email, pending.password)).toMatch(
      /^UserNotConfirmedException: /,
    );
  });
});

describe("the PASSWORD_VERIFIER answer", () => {
  /** The challenge for `email`, and a right answer to it stamped with `timestamp`. */
  async function challengeAndAnswer(email: string, password: string, timestamp: string) {
    const poolName = pool.userPoolId.split("_")[1] ?? "";
    const client = new SdkSrpClient(poolName);
    const started = await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.userPoolClientId,
        AuthFlow: "USER_SRP_AUTH",
        AuthParameters: { USERNAME: email, SRP_A: await client.publicNumber() },
      }),
    );
    const challenge = started.ChallengeParameters ?? {};
    const userId = challenge.USER_ID_FOR_SRP ?? "";
    const key = await client.key(userId, password, challenge.SRP_B ?? "", challenge.SALT ?? "");
    const secretBlock = challenge.SECRET_BLOCK ?? "";
    return new RespondToAuthChallengeCommand({
      ClientId: pool.userPoolClientId,
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeResponses: {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: srpSignature(
          key,
          poolName,
          userId,
          secretBlock,
          timestamp,
        ).toString("base64"),
      },
    });
  }

  it.each([
    {
      timestamp: "2026-12-06T07:05:09Z",
      why: "not Cognito's format: Cognito's words",
      refusal: {
        name: "InvalidParameterException",
        message: "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
      },
    },
    {
      timestamp: "Sun Dec 06 07:05:09 UTC 2026",
      why: "a padded day, checked in Cognito's own spelling: a wrong proof",
      refusal: { name: "NotAuthorizedException", message: "Incorrect username or password." },
    },
  ])("is refused when its timestamp is $why", async ({ timestamp, refusal }) => {
    const person = await createUser(stack);
    const answer = await challengeAndAnswer(person.email, person.password, timestamp);
    await expect(cognito.send(answer)).rejects.toMatchObject(refusal);
  });

  it("signs in once: the same secret block answered again is refused", async () => {
    const person = await createUser(stack);
    const answer = await challengeAndAnswer(
      person.email,
      person.password,
      "Sun Dec 6 07:05:09 UTC 2026",
    );
    const first = await cognito.send(answer);
    expect(first.AuthenticationResult?.IdToken).toBeTruthy();
    await expect(cognito.send(answer)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });
});
