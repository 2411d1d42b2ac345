// How long the web client's tokens last in the local pool, as the stack's client gives them on AWS
// (WEB_CLIENT_TOKEN_VALIDITY): an hour for ID and access tokens, from a sign-in or a renewal, and
// 30 days for a refresh token, past which a renewal is refused in Cognito's words. cognito-local's
// own lifetimes were a day and a week, and it renewed with an expired refresh token. And Cognito's
// own operations take an access token only as Cognito does: one the pool issued, while it lasts,
// and not once its sign-in is revoked. The pool runs on a clock this test moves.
import {
  AdminConfirmSignUpCommand,
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { WEB_CLIENT_TOKEN_VALIDITY } from "@dwipper/site/web-client";
import { decodeJwt, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminSignIn } from "./accounts";
import type { CognitoLocal } from "./cognito";
import { Mailbox } from "./mailbox";
import { type OwnPool, startOwnPool } from "./own-pool";

let now = new Date("2026-12-07T12:00:00Z").getTime();
const clock = { get: () => new Date(now) };

let own: OwnPool;
let pool: CognitoLocal;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  own = await startOwnPool(new Mailbox(null), { clock });
  ({ pool, cognito } = own);
});
afterAll(() => own.stop());

const password = "Shower-thought-1";
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A new, confirmed person's tokens from a password sign-in, and their email. */
async function signedIn() {
  const email = `tokens-${crypto.randomUUID()}@example.test`;
  await cognito.send(
    new SignUpCommand({
      ClientId: pool.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "name", Value: "Token Holder" }],
    }),
  );
  await cognito.send(
    new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username: email }),
  );
  return { ...(await signIn(email)), email };
}

async function signIn(email: string) {
  const { AuthenticationResult: tokens } = await adminSignIn(cognito, pool, email, password);
  if (!tokens?.IdToken || !tokens.AccessToken || !tokens.RefreshToken) throw new Error("No tokens");
  return tokens as { IdToken: string; AccessToken: string; RefreshToken: string };
}

const signsIn = (email: string) =>
  adminSignIn(cognito, pool, email, password).then(
    () => true,
    () => false,
  );

const renew = async (refreshToken: string) =>
  (
    await cognito.send(
      new InitiateAuthCommand({
        ClientId: pool.userPoolClientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    )
  ).AuthenticationResult;

/** From when to when `token` is good, in ms on the pool's clock. */
function validity(token: string | undefined) {
  const { iat, exp } = decodeJwt(token ?? "");
  return { from: (iat ?? 0) * 1000, until: (exp ?? 0) * 1000 };
}

describe("the web client's tokens", () => {
  it("last an hour as ID and access tokens, from a sign-in and from each renewal", async () => {
    const tokens = await signedIn();
    const hour = { from: now, until: now + WEB_CLIENT_TOKEN_VALIDITY.idTokenMinutes * MINUTE_MS };
    expect(validity(tokens.IdToken)).toEqual(hour);
    expect(validity(tokens.AccessToken)).toEqual({
      from: now,
      until: now + WEB_CLIENT_TOKEN_VALIDITY.accessTokenMinutes * MINUTE_MS,
    });

    now += 50 * MINUTE_MS;
    const renewed = await renew(tokens.RefreshToken);
    expect(validity(renewed?.IdToken)).toEqual({ from: now, until: now + 60 * MINUTE_MS });
    expect(validity(renewed?.AccessToken)).toEqual({ from: now, until: now + 60 * MINUTE_MS });
  });

  it("renew a session for 30 days from its sign-in, and then are refused in Cognito's words", async () => {
    const tokens = await signedIn();
    const lifetime = WEB_CLIENT_TOKEN_VALIDITY.refreshTokenDays * DAY_MS;
    expect(lifetime).toBe(30 * DAY_MS);
    now += lifetime - 1_000;
    expect((await renew(tokens.RefreshToken))?.IdToken).toBeTruthy();
    now += 1_000;
    await expect(renew(tokens.RefreshToken)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has expired",
    });
  });
});

describe("an access token, for Cognito's own operations", () => {
  /** What GetUser answers to `token`: "ok", or the error's name and message. */
  const outcome = (token: string) =>
    cognito.send(new GetUserCommand({ AccessToken: token })).then(
      () => "ok",
      (error: Error) => `${error.name}: ${error.message}`,
    );
  const named = async (token: string) =>
    (await cognito.send(new GetUserCommand({ AccessToken: token }))).UserAttributes?.find(
      (attribute) => attribute.Name === "name",
    )?.Value;

  it("acts only while it lasts: an hour on, it changes no password", async () => {
    const tokens = await signedIn();
    expect(await outcome(tokens.AccessToken)).toBe("ok");
    now += 60 * MINUTE_MS;
    expect(await outcome(tokens.AccessToken)).toBe(
      "NotAuthorizedException: Access Token has expired",
    );
    await expect(
      cognito.send(
        new ChangePasswordCommand({
          AccessToken: tokens.AccessToken,
          PreviousPassword: password,
          ProposedPassword: "Another-pass1",
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    expect(await signsIn(tokens.email)).toBe(true);
  });

  it("is refused when made up, or when it is an ID token, and changes no one's attributes", async () => {
    const tokens = await signedIn();
    const claims = decodeJwt(tokens.AccessToken);
    const madeUp = new UnsecuredJWT({ ...claims }).encode();
    for (const token of [madeUp, tokens.IdToken]) {
      expect(await outcome(token)).toBe("NotAuthorizedException: Invalid Access Token");
      await expect(
        cognito.send(
          new UpdateUserAttributesCommand({
            AccessToken: token,
            UserAttributes: [{ Name: "name", Value: "Someone Else" }],
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    }
    expect(await named(tokens.AccessToken)).toBe("Token Holder");
  });

  it("is revoked with its sign-in's refresh token, a renewal's too, and no other sign-in's", async () => {
    const first = await signedIn();
    const second = await signIn(first.email);
    const renewed = await renew(first.RefreshToken);
    await cognito.send(
      new RevokeTokenCommand({ ClientId: pool.userPoolClientId, Token: first.RefreshToken }),
    );
    const revoked = "NotAuthorizedException: Access Token has been revoked";
    expect(await outcome(first.AccessToken)).toBe(revoked);
    expect(await outcome(renewed?.AccessToken ?? "")).toBe(revoked);
    expect(await outcome(second.AccessToken)).toBe("ok");
    expect(await outcome((await renew(second.RefreshToken))?.AccessToken ?? "")).toBe("ok");
    // The refresh token itself, and what is no refresh token, are refused in Cognito's words.
    await expect(renew(first.RefreshToken)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
    await expect(renew("not-a-token")).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });
});
