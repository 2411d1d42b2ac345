// What every journey needs: the running stack, URLs on it, and fresh users of its own.

import type { Dwipp, Page as DwippPage } from "@dwipper/core/dwipp/schema";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { whenIndexed } from "@dwipper/testing/indexes";
import { submitSignIn } from "@dwipper/testing/sign-in";
import {
  callApi,
  createUser,
  readMailbox,
  registerUnconfirmed,
  type TestUser,
} from "@dwipper/testing/users";
import { test as base, expect, type Page } from "@playwright/test";
import { decodeJwt } from "jose";

function stackFromEnvironment(): StackInfo {
  const raw = process.env.DWIPPER_E2E_STACK;
  if (!raw) throw new Error("The e2e global setup did not start a stack.");
  return JSON.parse(raw) as StackInfo;
}

export const test = base.extend<{
  stack: StackInfo;
  url: (path: string) => string;
  newUser: (name?: string) => Promise<TestUser>;
  unconfirmedUser: () => Promise<{ email: string; password: string; name: string }>;
  latestCode: (email: string, kind: "confirm-sign-up" | "forgot-password") => Promise<string>;
}>({
  // Every journey fails on an error that no code of the page caught (an exception, a rejected
  // promise), in any of its tabs: a person would meet it as a page that stopped working.
  context: async ({ context }, use) => {
    const uncaught: string[] = [];
    context.on("weberror", (webError) => {
      const error = webError.error();
      uncaught.push(`${webError.page()?.url() ?? "a page"}: ${error.stack ?? error.message}`);
    });
    await use(context);
    expect(uncaught, "errors no code of the page caught").toEqual([]);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  stack: async ({}, use) => use(stackFromEnvironment()),
  url: async ({ stack }, use) => use((path) => new URL(path, stack.webUrl).href),
  newUser: async ({ stack }, use) => use((name) => createUser(stack, name)),
  unconfirmedUser: async ({ stack }, use) => use(() => registerUnconfirmed(stack)),
  latestCode: async ({ stack }, use) =>
    use(async (email, kind) => {
      const message = (await readMailbox(stack, email)).find((entry) => entry.kind === kind);
      if (!message) throw new Error(`No ${kind} message for ${email}`);
      return message.code;
    }),
});

export { expect };

/**
 * Holds back the browser's idle moments from the page's first load on, so that work a page leaves
 * for them has not happened until the returned function lets it: "not yet" is then no race.
 */
export async function holdIdleMoments(page: Page): Promise<() => Promise<void>> {
  await page.addInitScript(() => {
    const held: (() => void)[] = [];
    Object.assign(window, {
      heldIdle: held,
      requestIdleCallback: (callback: () => void) => held.push(callback),
      cancelIdleCallback: () => {},
    });
  });
  return () =>
    page.evaluate(() => {
      for (const callback of (window as unknown as { heldIdle: (() => void)[] }).heldIdle.splice(
        0,
      )) {
        callback();
      }
    });
}

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, url: (path: string) => string, user: TestUser) {
  await submitSignIn(page, url("/login/"), user);
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
}

/**
 * Opens the feed as `user`, already signed in: the browser holds the tokens Cognito gave them, where
 * the library keeps a session it signed in. For journeys that start signed in; the journeys about
 * signing in (first-dwipp, account, security) go through the login page with `signIn`.
 */
export async function openSignedIn(page: Page, stack: StackInfo, user: TestUser) {
  const username = String(decodeJwt(user.idToken)["cognito:username"]);
  const prefix = `CognitoIdentityServiceProvider.${stack.cognito.userPoolClientId}`;
  const stored: Record<string, string> = {
    [`${prefix}.LastAuthUser`]: username,
    [`${prefix}.${username}.idToken`]: user.idToken,
    [`${prefix}.${username}.accessToken`]: user.accessToken,
    [`${prefix}.${username}.refreshToken`]: user.refreshToken,
    // The browser's clock is the pool's here: nothing to correct.
    [`${prefix}.${username}.clockDrift`]: "0",
  };
  // The tokens go into the site's storage from a file of the site's that runs no script.
  await page.goto(new URL("/robots.txt", stack.webUrl).href);
  await page.evaluate((items) => {
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, stored);
  await page.goto(stack.webUrl);
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
}

/** Posts from the composer and waits for the server's answer (the Dwipp itself shows at once). */
export async function postFromFeed(page: Page, text: string) {
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: text });
  await expect(article).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Your Dwipp is posted" })).toBeVisible();
  return article;
}

/** Whether `path`, read as `user`, lists `id` once the indexes have caught up with its write. */
async function untilListed(stack: StackInfo, user: TestUser, path: string, id: string) {
  const page = await whenIndexed(
    async () =>
      (await callApi(stack, "GET", path, { token: user.idToken })).json as DwippPage<Dwipp>,
    (answer) => answer.items.some((item) => item.id === id),
  );
  expect(page.items.map((item) => item.id)).toContain(id);
}

/**
 * Posts a Dwipp through the API, for journeys about what others do with it; returns its id once
 * the lists show it (indexes trail writes by a moment): the journey starts after the post.
 */
export async function postThroughApi(stack: StackInfo, user: TestUser, content: string) {
  const posted = await callApi(stack, "POST", "/dwipps", {
    token: user.idToken,
    body: { content },
  });
  expect(posted.status).toBe(201);
  const { id } = posted.json as { id: string };
  await untilListed(stack, user, "/me/dwipps?limit=5", id);
  return id;
}

/** Sets an upvote or favorite through the API. */
export async function markThroughApi(
  stack: StackInfo,
  user: TestUser,
  id: string,
  mark: "upvote" | "favorite",
) {
  const set = await callApi(stack, "PUT", `/dwipps/${id}/${mark}`, { token: user.idToken });
  expect(set.status).toBe(200);
  if (mark === "favorite") await untilListed(stack, user, "/me/favorites?limit=5", id);
}
