// What every journey needs: the running stack, URLs on it, and fresh users of its own.
import { test as base, expect, type Page } from "@playwright/test";
import type { StackInfo } from "../packages/local-cloud/src/local-cloud";
import { createUser, type TestUser } from "../packages/local-cloud/src/testing/users";

function stackFromEnvironment(): StackInfo {
  const raw = process.env.DWIPPER_E2E_STACK;
  if (!raw) throw new Error("The e2e global setup did not start a stack.");
  return JSON.parse(raw) as StackInfo;
}

export const test = base.extend<{
  stack: StackInfo;
  url: (path: string) => string;
  newUser: (name?: string) => Promise<TestUser>;
}>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
  stack: async ({}, use) => use(stackFromEnvironment()),
  url: async ({ stack }, use) => use((path) => new URL(path, stack.webUrl).href),
  newUser: async ({ stack }, use) => use((name) => createUser(stack, name)),
});

export { expect };

/** Signs in through the login page, as a person would. */
export async function signIn(page: Page, url: (path: string) => string, user: TestUser) {
  await page.goto(url("/login/"));
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
}
