// The security headers, in the browser: the production build (which every journey runs against)
// works under its strict Content Security Policy (no inline script, connections only to the API and
// Cognito), and stored markup renders as text even where no policy would stop a script.
import { randomUUID } from "node:crypto";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { callApi } from "@dwipper/testing/users";
import { expect, signIn, test } from "./fixtures";

// The same build, served by the global setup without its Content Security Policy.
const withoutPolicy = process.env.DWIPPER_E2E_OPEN_URL ?? "";

test("the built site sends the security headers", async ({ request, stack }) => {
  const response = await request.get(`${stack.webUrl}/login/`);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self';");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const html = await response.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>[^<]+<\/script>/);
});

test("the built site works under its policy, and an injected inline script does not run", async ({
  page,
  stack,
  newUser,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const user = await newUser("Strict");
  await submitSignIn(page, `${stack.webUrl}/login/`, user);
  const text = `Under a strict policy ${randomUUID().slice(0, 8)}`;
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
  expect(violations).toEqual([]);

  await page.addScriptTag({ content: "window.__inlineRan = true;" }).catch(() => undefined);
  expect(
    await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan),
  ).toBeUndefined();
  expect(violations.length).toBeGreaterThan(0);
});

test("stored script payloads render as inert text, even without the strict policy", async ({
  page,
  stack,
  newUser,
}) => {
  // Served without its policy, nothing but the rendering stands between these and a run.
  const url = (path: string) => new URL(path, withoutPolicy).href;
  const [attacker, reader] = await Promise.all([newUser("Mallory"), newUser("Reader")]);
  const tag = randomUUID().slice(0, 8);
  const payloads = [
    `<script>window.__xss = "script"</script> ${tag}`,
    `<img src=x onerror="window.__xss = 'img'"> ${tag}`,
    `<a href="javascript:window.__xss = 'link'">click me</a> ${tag}`,
    `javascript:window.__xss = 'bare' ${tag}`,
    `<svg onload="window.__xss = 'svg'"></svg> ${tag}`,
    `[click](javascript:window.__xss='markdown') ${tag}`,
  ];
  for (const content of payloads) {
    const posted = await callApi(stack, "POST", "/dwipps", {
      token: attacker.idToken,
      body: { content },
    });
    expect(posted.status).toBe(201);
  }
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, url, reader);
  const articles = page.getByRole("article").filter({ hasText: tag });
  await expect(articles).toHaveCount(payloads.length);
  for (const content of payloads) {
    await expect(articles.filter({ hasText: content })).toHaveCount(1);
  }
  // Nothing of the payloads became markup: no script, image, link or SVG inside the articles.
  for (const selector of ["script", "img[src='x']", "a[href^='javascript:']", "svg[onload]"]) {
    expect(await articles.locator(selector).count(), selector).toBe(0);
  }
  for (let i = 0; i < payloads.length; i++) await articles.nth(i).getByText(tag).click();
  expect(await page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test("signing in with a hostile next stays on this site", async ({ page, stack, newUser }) => {
  const user = await newUser("Wary");
  // A tab the URL parser drops would turn "/\t/evil.example" into "//evil.example".
  await submitSignIn(page, `${stack.webUrl}/login/?next=%2F%09%2Fevil.example`, user);
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(stack.webUrl).origin);
});
