// Accounts in the local user pool, made the way a person makes them: sign up, read the code from
// the mailbox, confirm, sign in. The seed and the tests use these. They sign in with the pool's
// admin password flow, which the browser cannot use (it needs AWS credentials) and which gives
// tokens for the web client, as the browser's SRP sign-in does, in a fraction of its arithmetic.
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { localCredentials } from "./credentials";
import type { StackInfo } from "./local-cloud";
import type { MailboxMessage } from "./mailbox";

export interface Credentials {
  email: string;
  password: string;
  name: string;
}

/**
 * A client for the local pool that makes many accounts at once, as tests and the seed do: Cognito
 * takes 50 a second (each is two requests, sign-up and confirmation) and refuses more with
 * TooManyRequestsException, which the SDK tries again after a growing, random wait. Cognito's
 * advice is to do just that; more tries than the SDK's three let a hundred people be made at once.
 */
export function cognitoClient(stack: StackInfo) {
  return new CognitoIdentityProviderClient({
    endpoint: stack.cognito.endpoint,
    region: stack.region,
    credentials: localCredentials,
    maxAttempts: 8,
  });
}

export async function readMailbox(stack: StackInfo, to: string): Promise<MailboxMessage[]> {
  const response = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { messages: MailboxMessage[] }).messages;
}

/** Registers an account; its confirmation code is then in the mailbox. */
export async function signUp(
  stack: StackInfo,
  client: CognitoIdentityProviderClient,
  { email, password, name }: Credentials,
): Promise<void> {
  await client.send(
    new SignUpCommand({
      ClientId: stack.cognito.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "name", Value: name },
      ],
    }),
  );
}

/** Confirms an account with the newest code the mailbox holds for it. */
export async function confirmFromMailbox(
  stack: StackInfo,
  client: CognitoIdentityProviderClient,
  email: string,
): Promise<void> {
  const [message] = await readMailbox(stack, email);
  if (!message) throw new Error(`No confirmation code was delivered to ${email}`);
  await client.send(
    new ConfirmSignUpCommand({
      ClientId: stack.cognito.userPoolClientId,
      Username: email,
      ConfirmationCode: message.code,
    }),
  );
}

/** A user pool and its web client, as a cloud's stack info or a test's own pool names them. */
export interface PoolIds {
  userPoolId: string;
  userPoolClientId: string;
}

/** A sign-in with the pool's admin password flow: Cognito's whole answer, or its error. */
export function adminSignIn(
  client: CognitoIdentityProviderClient,
  pool: PoolIds,
  email: string,
  password: string,
) {
  return client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.userPoolClientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
}

export async function signIn(
  stack: StackInfo,
  client: CognitoIdentityProviderClient,
  email: string,
  password: string,
) {
  const auth = await adminSignIn(client, stack.cognito, email, password);
  const idToken = auth.AuthenticationResult?.IdToken;
  const accessToken = auth.AuthenticationResult?.AccessToken;
  const refreshToken = auth.AuthenticationResult?.RefreshToken;
  if (!idToken || !accessToken || !refreshToken) throw new Error("Sign-in returned no tokens");
  return { idToken, accessToken, refreshToken };
}
