// Real users for tests: registered with cognito-local, confirmed with the code from the mailbox,
// signed in for a real ID token. Each call makes a new, unique user.
import { randomUUID } from "node:crypto";
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { localCredentials } from "../dynamodb";
import type { StackInfo } from "../local-cloud";
import type { MailboxMessage } from "../mailbox";
import "./provided-context";

export interface TestUser {
  email: string;
  name: string;
  password: string;
  sub: string;
  idToken: string;
  accessToken: string;
}

function cognitoClient(stack: StackInfo) {
  return new CognitoIdentityProviderClient({
    endpoint: stack.cognito.endpoint,
    region: stack.region,
    credentials: localCredentials,
  });
}

export async function readMailbox(stack: StackInfo, to: string): Promise<MailboxMessage[]> {
  const response = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as { messages: MailboxMessage[] }).messages;
}

/** Registers an account and leaves it unconfirmed (its code is in the mailbox). */
export async function registerUnconfirmed(
  stack: StackInfo,
  name = "Pending User",
): Promise<{ email: string; password: string; name: string }> {
  const client = cognitoClient(stack);
  const email = `pending-${randomUUID()}@example.test`;
  const password = `Pw-${randomUUID()}A1`;
  try {
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
  } finally {
    client.destroy();
  }
  return { email, password, name };
}

export async function createUser(stack: StackInfo, name = "Test User"): Promise<TestUser> {
  const client = cognitoClient(stack);
  const email = `user-${randomUUID()}@example.test`;
  const password = `Pw-${randomUUID()}A1`;
  const ClientId = stack.cognito.userPoolClientId;
  try {
    const signUp = await client.send(
      new SignUpCommand({
        ClientId,
        Username: email,
        Password: password,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "name", Value: name },
        ],
      }),
    );
    const [message] = await readMailbox(stack, email);
    if (!message) throw new Error(`No confirmation code was delivered to ${email}`);
    await client.send(
      new ConfirmSignUpCommand({ ClientId, Username: email, ConfirmationCode: message.code }),
    );
    const auth = await client.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const idToken = auth.AuthenticationResult?.IdToken;
    const accessToken = auth.AuthenticationResult?.AccessToken;
    if (!idToken || !accessToken || !signUp.UserSub) throw new Error("Sign-in returned no tokens");
    return { email, name, password, sub: signUp.UserSub, idToken, accessToken };
  } finally {
    client.destroy();
  }
}

/** A fetch against the local API as `user` (or anonymously). */
export async function callApi(
  stack: StackInfo,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${stack.apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
