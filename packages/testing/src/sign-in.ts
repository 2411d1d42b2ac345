// Signing in through the login page, as a person would: the journeys, the screenshots and the
// Lighthouse benchmark all start this way, then wait for what they need to see.
import type { Page } from "@playwright/test";

export async function submitSignIn(
  page: Page,
  loginUrl: string,
  account: { email: string; password: string },
): Promise<void> {
  await page.goto(loginUrl);
  await page.getByRole("textbox", { name: "Email" }).fill(account.email);
  await page.getByRole("textbox", { name: "Password" }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
