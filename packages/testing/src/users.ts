// Real users for tests: registered with cognito-local, confirmed with the code from the mailbox,
// signed in for a real ID token. Each call makes a new, unique user.
import { randomUUID } from "node:crypto";
import {
  type Credentials,
  cognitoClient,
  confirmFromMailbox,
  readMailbox,
  signIn,
  signUp,
} from "@dwipper/local-cloud/accounts";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { decodeJwt } from "jose";
import "./provided-context";

export { readMailbox };

export interface TestUser {
  email: string;
  name: string;
  password: string;
  sub: string;
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers an account and leaves it unconfirmed (its code is in the mailbox). */
export async function registerUnconfirmed(
  stack: StackInfo,
  name = "Pending User",
): Promise<Credentials> {
  const client = cognitoClient(stack);
  const credentials = {
    email: `pending-${randomUUID()}@example.test`,
    password: `Pw-${randomUUID()}A1`,
    name,
  };
  try {
    await signUp(stack, client, credentials);
  } finally {
    client.destroy();
  }
  return credentials;
}

/** A new, confirmed, signed-in user with a unique email. */
export async function createUser(stack: StackInfo, name = "Test User"): Promise<TestUser> {
  const client = cognitoClient(stack);
  const credentials = {
    email: `user-${randomUUID()}@example.test`,
    password: `Pw-${randomUUID()}A1`,
    name,
  };
  try {
    await signUp(stack, client, credentials);
    await confirmFromMailbox(stack, client, credentials.email);
    const tokens = await signIn(stack, client, credentials.email, credentials.password);
    return { ...credentials, sub: String(decodeJwt(tokens.idToken).sub), ...tokens };
  } finally {
    client.destroy();
  }
}

/**
 * `count` new users, made ten at a time: at once, a hundred would pass the pool's quota (50
 * accounts a second), and the SDK's growing, random waits before it tries a refused sign-up again
 * would be most of the time they take, and take the quota from any test beside them.
 */
export async function createUsers(stack: StackInfo, count: number, name: string) {
  const made: TestUser[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Math.min(10, count - start);
    made.push(
      ...(await Promise.all(
        Array.from({ length: batch }, (_, i) => createUser(stack, `${name} ${start + i}`)),
      )),
    );
  }
  return made;
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
    signal?: AbortSignal;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
