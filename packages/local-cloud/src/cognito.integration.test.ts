// The account flows against the local Cognito, including what the local cloud supplies that
// cognito-local lacks: resending confirmation codes, AWS's answers to password resets and its
// limit on them, its words for a wrong password, the pool's password policy applied wherever a
// password is set, a person's name held to the pool's schema and its pre-sign-up trigger, and an
// email compared without case, as the stack's pool compares it.
import { randomUUID } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { NAME_MAX_LENGTH } from "@dwipper/core/person-name";
import { srpSignIn } from "@dwipper/testing/srp-sign-in";
import { createUser, readMailbox, registerUnconfirmed } from "@dwipper/testing/users";
import { decodeJwt } from "jose";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminSignIn } from "./accounts";
import { CODE_ATTEMPTS } from "./cognito-targets";
import { localCredentials } from "./credentials";

const stack = inject("stack");
const ClientId = stack.cognito.userPoolClientId;
const cognito = new CognitoIdentityProviderClient({
  endpoint: stack.cognito.endpoint,
  region: stack.region,
  credentials: localCredentials,
});
afterAll(() => cognito.destroy());

const signIn = (email: string, password: string) =>
  adminSignIn(cognito, stack.cognito, email, password);

it("keeps a connection open without naming for how long, as Cognito does", async () => {
  const answer = await fetch(stack.cognito.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: "{}",
  });
  await answer.text();
  expect(answer.headers.get("connection")).toBe("keep-alive");
  expect(answer.headers.get("keep-alive")).toBeNull();
});

describe("confirmation codes", () => {
  it("can be sent again; the newest code confirms the account", async () => {
    const { email, password } = await registerUnconfirmed(stack);
    const [first] = await readMailbox(stack, email);
    const resent = await cognito.send(
      new ResendConfirmationCodeCommand({ ClientId, Username: email }),
    );
    expect(resent.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    const messages = await readMailbox(stack, email);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.kind).toBe("confirm-sign-up");
    expect(messages[1]?.code).toBe(first?.code);

    await expect(signIn(email, password)).rejects.toMatchObject({
      name: "UserNotConfirmedException",
    });
    await cognito.send(
      new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: messages[0]?.code }),
    );
    expect((await signIn(email, password)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it("are not sent to an account that is already confirmed", async () => {
    const user = await createUser(stack);
    await expect(
      cognito.send(new ResendConfirmationCodeCommand({ ClientId, Username: user.email })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(await readMailbox(stack, user.email)).toHaveLength(1);
  });

  it("entered again once the account is confirmed are answered as Cognito answers them", async () => {
    const { email } = await registerUnconfirmed(stack);
    const [message] = await readMailbox(stack, email);
    const confirm = () =>
      cognito.send(
        new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: message?.code }),
      );
    await confirm();
    await expect(confirm()).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "User cannot be confirmed. Current status is CONFIRMED",
    });
  });

  it("answer an unknown email as if it were known, as user-existence protection does", async () => {
    const email = `nobody-${randomUUID()}@example.test`;
    const response = await cognito.send(
      new ResendConfirmationCodeCommand({ ClientId, Username: email }),
    );
    expect(response.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
    expect(await readMailbox(stack, email)).toHaveLength(0);
  });
});

describe("password reset", () => {
  it("sends a code; the new password works and the old one no longer does", async () => {
    const user = await createUser(stack);
    await cognito.send(new ForgotPasswordCommand({ ClientId, Username: user.email }));
    const [message] = await readMailbox(stack, user.email);
    expect(message?.kind).toBe("forgot-password");

    await expect(
      cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId,
          Username: user.email,
          ConfirmationCode: "000000",
          Password: "Another-pass1",
        }),
      ),
    ).rejects.toMatchObject({ name: "CodeMismatchException" });

    await cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId,
        Username: user.email,
        ConfirmationCode: message?.code,
        Password: "Another-pass1",
      }),
    );
    expect((await signIn(user.email, "Another-pass1")).AuthenticationResult).toBeTruthy();
    await expect(signIn(user.email, user.password)).rejects.toBeTruthy();
  });

  it("is refused, as AWS refuses it, for an account whose email is not confirmed", async () => {
    const { email } = await registerUnconfirmed(stack);
    await expect(
      cognito.send(new ForgotPasswordCommand({ ClientId, Username: email })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    const kinds = (await readMailbox(stack, email)).map((message) => message.kind);
    expect(kinds).toEqual(["confirm-sign-up"]);
  });

  it("refuses a person's sixth attempt within the hour to request or enter a code, and changes nothing", async () => {
    const user = await createUser(stack);
    const other = await createUser(stack);
    const confirm = (code: string | undefined) =>
      cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId,
          Username: user.email,
          ConfirmationCode: code,
          Password: "Another-pass1",
        }),
      );
    await cognito.send(new ForgotPasswordCommand({ ClientId, Username: user.email }));
    const [message] = await readMailbox(stack, user.email).then((all) =>
      all.filter((each) => each.kind === "forgot-password"),
    );
    for (let attempt = 2; attempt <= CODE_ATTEMPTS.perHour; attempt++) {
      await expect(confirm("000000")).rejects.toMatchObject({ name: "CodeMismatchException" });
    }
    // The right code, once the hour's attempts are spent: refused, and the password stays.
    await expect(confirm(message?.code)).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "Attempt limit exceeded, please try after some time.",
    });
    await expect(
      cognito.send(new ForgotPasswordCommand({ ClientId, Username: user.email })),
    ).rejects.toMatchObject({ name: "LimitExceededException" });
    expect((await signIn(user.email, user.password)).AuthenticationResult).toBeTruthy();
    // Another person's attempts are their own.
    await cognito.send(new ForgotPasswordCommand({ ClientId, Username: other.email }));
  });

  it("answers an unknown email as if it were known, and sends nothing", async () => {
    const email = `nobody-${randomUUID()}@example.test`;
    const response = await cognito.send(new ForgotPasswordCommand({ ClientId, Username: email }));
    expect(response.CodeDeliveryDetails).toBeTruthy();
    expect(await readMailbox(stack, email)).toHaveLength(0);
  });
});

describe("sessions", () => {
  it("a changed password replaces the old one", async () => {
    const user = await createUser(stack);
    await cognito.send(
      new ChangePasswordCommand({
        AccessToken: user.accessToken,
        PreviousPassword: user.password,
        ProposedPassword: "Changed-pass1",
      }),
    );
    expect((await signIn(user.email, "Changed-pass1")).AuthenticationResult).toBeTruthy();
    await expect(signIn(user.email, user.password)).rejects.toBeTruthy();
  });

  it("refresh tokens give new ID tokens that still carry the name", async () => {
    const user = await createUser(stack, "Renewed Name");
    const first = await signIn(user.email, user.password);
    const renewed = await cognito.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult?.RefreshToken ?? "" },
      }),
    );
    const idToken = renewed.AuthenticationResult?.IdToken ?? "";
    expect(decodeJwt(idToken)).toMatchObject({ name: "Renewed Name", token_use: "id" });
    const feed = await fetch(`${stack.apiUrl}/dwipps`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(feed.status).toBe(200);
  });
});

describe("passwords, in Cognito's words", () => {
  const wrong = { name: "NotAuthorizedException", message: "Incorrect username or password." };
  const refused = (rule: string) => ({
    name: "InvalidPasswordException",
    message: `Password did not conform with policy: ${rule}`,
  });

  it("answers a wrong password, someone unknown and a wrong current password as a wrong password", async () => {
    const user = await createUser(stack);
    await expect(signIn(user.email, "Not-the-password-1")).rejects.toMatchObject(wrong);
    await expect(
      signIn(`nobody-${randomUUID()}@example.test`, "Not-the-password-1"),
    ).rejects.toMatchObject(wrong);
    await expect(
      cognito.send(
        new ChangePasswordCommand({
          AccessToken: user.accessToken,
          PreviousPassword: "Not-the-password-1",
          ProposedPassword: "Changed-pass1",
        }),
      ),
    ).rejects.toMatchObject(wrong);
    expect((await signIn(user.email, user.password)).AuthenticationResult).toBeTruthy();
  });

  it("refuses a new password the pool's policy refuses, wherever one is set, and changes nothing", async () => {
    const email = `weak-${randomUUID()}@example.test`;
    const signUp = (password: string) =>
      cognito.send(
        new SignUpCommand({
          ClientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: "name", Value: "Weak" }],
        }),
      );
    await expect(signUp("Short1")).rejects.toMatchObject(refused("Password not long enough"));
    await expect(signUp("no-capitals-1")).rejects.toMatchObject(
      refused("Password must have uppercase characters"),
    );
    await expect(signUp("No-numbers-at-all")).rejects.toMatchObject(
      refused("Password must have numeric characters"),
    );
    await expect(
      cognito.send(
        new AdminGetUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: email }),
      ),
    ).rejects.toMatchObject({ name: "UserNotFoundException" });

    const user = await createUser(stack);
    await expect(
      cognito.send(
        new ChangePasswordCommand({
          AccessToken: user.accessToken,
          PreviousPassword: user.password,
          ProposedPassword: "NO-LOWERCASE-1",
        }),
      ),
    ).rejects.toMatchObject(refused("Password must have lowercase characters"));
    await cognito.send(new ForgotPasswordCommand({ ClientId, Username: user.email }));
    const [code] = (await readMailbox(stack, user.email)).filter(
      (message) => message.kind === "forgot-password",
    );
    expect(code?.code).toBeTruthy();
    await expect(
      cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId,
          Username: user.email,
          ConfirmationCode: code?.code,
          Password: "short",
        }),
      ),
    ).rejects.toMatchObject(refused("Password not long enough"));
    await expect(
      cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: user.email,
          Password: "weakpassword",
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject(refused("Password must have uppercase characters"));
    expect((await signIn(user.email, user.password)).AuthenticationResult).toBeTruthy();
  });
});

describe("a person's name", () => {
  const signUpWith = (email: string, UserAttributes: { Name: string; Value: string }[]) =>
    cognito.send(
      new SignUpCommand({
        ClientId,
        Username: email,
        Password: "Shower-thought-1",
        UserAttributes,
      }),
    );
  const signUpNamed = (email: string, name: string) =>
    signUpWith(email, [{ Name: "name", Value: name }]);
  const accountOf = (email: string) =>
    cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: email }),
    );

  it("that nobody could read, or that turns the text around it, is refused by the pre-sign-up trigger, and no account is made", async () => {
    const refusals: [string, string][] = [
      ["   ", "Enter the name people will see on your Dwipps."],
      ["\u200B\u3164", "Enter the name people will see on your Dwipps."],
      ["Ada\nLovelace", "A name is one line, without control characters."],
      ["\u202Eecalevol adA", "A name cannot contain marks that change the direction of text."],
    ];
    for (const [name, words] of refusals) {
      const email = `named-${randomUUID()}@example.test`;
      await expect(signUpNamed(email, name), JSON.stringify(name)).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: `PreSignUp failed with error ${words}.`,
      });
      await expect(accountOf(email)).rejects.toMatchObject({ name: "UserNotFoundException" });
    }
  });

  it("is held to the same rule when an admin makes the account", async () => {
    const email = `admin-made-${randomUUID()}@example.test`;
    await expect(
      cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: email,
          UserAttributes: [{ Name: "name", Value: "\u3164" }],
          MessageAction: "SUPPRESS",
        }),
      ),
    ).rejects.toMatchObject({
      name: "UserLambdaValidationException",
      message: "PreSignUp failed with error Enter the name people will see on your Dwipps..",
    });
    await expect(accountOf(email)).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("is required: a sign-up without one is refused, and no account is made", async () => {
    const email = `nameless-${randomUUID()}@example.test`;
    await expect(signUpWith(email, [{ Name: "email", Value: email }])).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(accountOf(email)).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("comes with no attribute the pool's schema lacks", async () => {
    const email = `extra-${randomUUID()}@example.test`;
    await expect(
      signUpWith(email, [
        { Name: "name", Value: "Extra" },
        { Name: "favourite_colour", Value: "Not in the schema" },
      ]),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message:
        "Attributes did not conform to the schema: favourite_colour: Attribute does not exist in the schema.",
    });
    await expect(accountOf(email)).rejects.toMatchObject({ name: "UserNotFoundException" });
  });

  it("longer than the pool's schema allows is refused, at sign-up and when updated, and changes nothing", async () => {
    const email = `long-${randomUUID()}@example.test`;
    const tooLong = "x".repeat(NAME_MAX_LENGTH + 1);
    await expect(signUpNamed(email, tooLong)).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(accountOf(email)).rejects.toMatchObject({ name: "UserNotFoundException" });

    const user = await createUser(stack, "y".repeat(NAME_MAX_LENGTH));
    await expect(
      cognito.send(
        new UpdateUserAttributesCommand({
          AccessToken: user.accessToken,
          UserAttributes: [{ Name: "name", Value: tooLong }],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    const kept = await accountOf(user.email);
    expect(kept.UserAttributes?.find((entry) => entry.Name === "name")?.Value).toBe(user.name);
  });
});

describe("a changed email", () => {
  it("takes effect only once the code sent to it is entered; until then the confirmed one signs in", async () => {
    const user = await createUser(stack);
    const moved = `moved-${randomUUID()}@example.test`;
    await cognito.send(
      new UpdateUserAttributesCommand({
        AccessToken: user.accessToken,
        UserAttributes: [{ Name: "email", Value: moved }],
      }),
    );
    const emailOf = async (username: string) =>
      (
        await cognito.send(
          new AdminGetUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: username }),
        )
      ).UserAttributes?.find((attribute) => attribute.Name === "email")?.Value;
    // Anyone may type any address: it is not theirs until they show they read its mail.
    expect(await emailOf(user.email)).toBe(user.email);
    expect((await signIn(user.email, user.password)).AuthenticationResult).toBeTruthy();
    await expect(signIn(moved, user.password)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });

    const [sent] = await readMailbox(stack, moved);
    expect(sent?.kind).toBe("verify-email");
    await cognito.send(
      new VerifyUserAttributeCommand({
        AccessToken: user.accessToken,
        AttributeName: "email",
        Code: sent?.code,
      }),
    );
    expect(await emailOf(moved)).toBe(moved);
    expect((await signIn(moved, user.password)).AuthenticationResult).toBeTruthy();
  });
});

describe("an email, in any case", () => {
  // The stack's pool compares names without case (CaseSensitive false, SST's setting): one person
  // whichever way they type their address, and no second account for another spelling of it.
  const shouted = (email: string) => email.toUpperCase();

  it("signs the same person in, by password and by SRP", async () => {
    const user = await createUser(stack);
    const byPassword = await signIn(shouted(user.email), user.password);
    expect(decodeJwt(byPassword.AuthenticationResult?.IdToken ?? "").sub).toBe(user.sub);
    const bySrp = await srpSignIn(stack.cognito, shouted(user.email), user.password);
    expect(decodeJwt(bySrp.getIdToken().getJwtToken()).sub).toBe(user.sub);
  });

  it("is refused a second account, and the first is left as it was", async () => {
    const user = await createUser(stack);
    await expect(
      cognito.send(
        new SignUpCommand({
          ClientId,
          Username: shouted(user.email),
          Password: "Another-pass1",
          UserAttributes: [{ Name: "name", Value: "Someone Else" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "UsernameExistsException" });
    const found = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: user.email }),
    );
    expect(found.UserAttributes).toContainEqual({ Name: "name", Value: "Test User" });
    expect((await signIn(user.email, user.password)).AuthenticationResult).toBeTruthy();
    await expect(signIn(user.email, "Another-pass1")).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("resets the person's password", async () => {
    const user = await createUser(stack);
    await cognito.send(new ForgotPasswordCommand({ ClientId, Username: shouted(user.email) }));
    const [message] = await readMailbox(stack, user.email);
    expect(message?.kind).toBe("forgot-password");
    await cognito.send(
      new ConfirmForgotPasswordCommand({
        ClientId,
        Username: shouted(user.email),
        ConfirmationCode: message?.code,
        Password: "Another-pass1",
      }),
    );
    expect((await signIn(user.email, "Another-pass1")).AuthenticationResult).toBeTruthy();
  });
});
