// The security headers, in the browser: the production build runs under its strict Content
// Security Policy (no inline script, connections only to the API and Cognito), and the dev server
// sends the headers' development form.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { securityHeaders } from "../apps/web/src/config/security-headers";
import { webEnvironment } from "../packages/local-cloud/src/dev-stack";
import { serveStaticSite } from "../packages/local-cloud/src/static-site";
import { buildWebApp } from "../packages/local-cloud/src/web-build";
import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

let site: { server: Server; url: string } | undefined;

test.beforeAll(async ({ stack }) => {
  test.setTimeout(300_000);
  site = await serveStaticSite(
    buildWebApp(webEnvironment(stack)),
    Number(process.env.DWIPPER_E2E_STATIC_PORT),
    securityHeaders({ apiUrl: stack.apiUrl, cognitoUrl: stack.cognito.endpoint }),
  );
});

test.afterAll(async () => {
  await new Promise((resolve) => site?.server.close(resolve));
});

test("the built site sends the security headers", async ({ request }) => {
  const response = await request.get(`${site?.url}/login/`);
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
  newUser,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const user = await newUser("Strict");
  await page.goto(`${site?.url}/login/`);
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const text = `Under a strict policy ${randomUUID().slice(0, 8)}`;
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp" }).click();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
  expect(violations).toEqual([]);

  await page.addScriptTag({ content: "window.__inlineRan = true;" }).catch(() => undefined);
  expect(
    await page.evaluate(() => (window as { __inlineRan?: boolean }).__inlineRan),
  ).toBeUndefined();
  expect(violations.length).toBeGreaterThan(0);
});

test("the dev server sends the development form of the same headers", async ({
  request,
  stack,
}) => {
  const response = await request.get(new URL("/login/", stack.webUrl).href);
  const policy = response.headers()["content-security-policy"] ?? "";
  expect(policy).toContain(`connect-src 'self' ${new URL(stack.apiUrl).origin}`);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});
