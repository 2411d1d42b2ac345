// axe on every page, signed out and signed in, in the light and the dark theme: no violations.
// Each journey checks both themes on the same page (the theme follows the system's colour scheme,
// so switching the emulated scheme restyles the page in place), rather than walking it twice.
// axe-core goes into the page once and runs there once per theme: the page has no frames of its
// own, so nothing needs axe's frame-by-frame runner, which puts its half-megabyte script into the
// page and into a blank page of its own again for every analysis.
import { randomUUID } from "node:crypto";
import type { NotificationPage } from "@dwipper/core/notification/schema";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { PIPELINE_WAIT_MS, requireIndexed } from "@dwipper/testing/indexes";
import { callApi, type TestUser } from "@dwipper/testing/users";
import type { Page } from "@playwright/test";
import axe from "axe-core";
import { expect, markThroughApi, openSignedIn, postThroughApi, test } from "./fixtures";

const schemes = ["light", "dark"] as const;

async function expectNoViolations(page: Page) {
  const summary: string[] = [];
  const backgrounds = new Set<string>();
  await page.evaluate(axe.source);
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    const violations = await page.evaluate(async () => {
      const inPage = (window as unknown as { axe: typeof axe }).axe;
      // The dev server's own overlay button is not part of the app.
      const results = await inPage.run({ exclude: ["nextjs-portal"] });
      return results.violations.map((violation) => ({
        id: violation.id,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }));
    });
    summary.push(
      ...violations.map(
        (violation) =>
          `${colorScheme}: ${violation.id}: ${violation.help} — ${violation.targets.join(", ")}`,
      ),
    );
  }
  await page.emulateMedia({ colorScheme: "light" });
  // The switch restyled the page: each theme was checked, not the first one twice.
  expect(backgrounds.size).toBe(schemes.length);
  expect(summary).toEqual([]);
}

for (const [path, heading] of [
  ["/login/", "Sign in to Dwipper"],
  ["/register/", "Create your account"],
  ["/confirm/", "Confirm your email"],
  ["/forgot-password/", "Reset your password"],
  ["/dev/mailbox/", "Local mailbox"],
  ["/", "Home"],
  ["/?top=week", "Home"],
  ["/no-such-page/", "Nothing here"],
] as const) {
  test(`${path} signed out`, async ({ page, url }) => {
    await page.goto(url(path));
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
    await expectNoViolations(page);
  });
}

test("a profile page, signed out", async ({ page, stack, url, newUser }) => {
  const author = await newUser("Axe Author");
  await postThroughApi(stack, author, `Checked by axe ${randomUUID().slice(0, 8)}`);
  await page.goto(url(`/user/?id=${author.sub}`));
  await expect(page.getByRole("heading", { name: "Axe Author" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
  await expectNoViolations(page);
});

test("an edited Dwipp with its earlier texts open, signed out", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  const author = await newUser("Axe Editor");
  const id = await postThroughApi(stack, author, `Before the edit ${randomUUID().slice(0, 8)}`);
  const edited = await callApi(stack, "PATCH", `/dwipps/${id}`, {
    token: author.idToken,
    body: { content: "After the edit" },
  });
  expect(edited.status).toBe(200);
  await page.goto(url(`/dwipp/?id=${id}`));
  await page.getByRole("button", { name: "edited" }).click();
  await expect(
    page.getByRole("region", { name: "Earlier texts" }).getByRole("listitem"),
  ).toHaveCount(1);
  await expectNoViolations(page);
});

/** An author someone has upvoted, once the notification is in their inbox (made off the path). */
async function notifiedAuthor(
  stack: StackInfo,
  newUser: (name?: string) => Promise<TestUser>,
): Promise<TestUser> {
  const author = await newUser("Axe Notified");
  const fan = await newUser("Axe Fan");
  const id = await postThroughApi(stack, author, `Noticed by axe ${randomUUID().slice(0, 8)}`);
  await markThroughApi(stack, fan, id, "upvote");
  await requireIndexed(
    async () =>
      (await callApi(stack, "GET", "/me/notifications", { token: author.idToken }))
        .json as NotificationPage,
    (answer) => answer.items.length === 1 && answer.unread === 1,
    PIPELINE_WAIT_MS,
  );
  return author;
}

test("the notifications page, signed in", async ({ page, stack, url, newUser }) => {
  const author = await notifiedAuthor(stack, newUser);
  await openSignedIn(page, stack, author);
  await page.goto(url("/notifications/"));
  await expect(page.getByRole("list", { name: "Notifications" }).getByRole("listitem")).toHaveCount(
    1,
    { timeout: 15_000 },
  );
  await expectNoViolations(page);
});

test("the top bar with an unread count, signed in", async ({ page, stack, newUser }) => {
  const author = await notifiedAuthor(stack, newUser);
  await openSignedIn(page, stack, author);
  // The count's badge is seen, and its link read as the number it shows.
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ }),
  ).toContainText("1", { timeout: 15_000 });
  await expectNoViolations(page);
});

// Signed in, split so each journey has room in its timeout on a busy machine.
async function postAndFavorite(page: Page) {
  const text = `Checked by axe ${randomUUID().slice(0, 8)}`;
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: text });
  await expect(article).toBeVisible();
  await article.getByRole("button", { name: "Favorite" }).click();
  await expect(article.getByRole("button", { name: "Favorite" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  return article;
}

test("signed-in feed", async ({ page, stack, newUser }) => {
  await openSignedIn(page, stack, await newUser("Axe Tester"));
  await postAndFavorite(page);
  await expectNoViolations(page);
});

test("signed-in feed with a dialog open", async ({ page, stack, newUser }) => {
  await openSignedIn(page, stack, await newUser("Axe Tester"));
  const article = await postAndFavorite(page);
  await article.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoViolations(page);
});

test("signed-in feed with an edit in progress", async ({ page, stack, newUser }) => {
  await openSignedIn(page, stack, await newUser("Axe Tester"));
  const article = await postAndFavorite(page);
  await article.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(article.getByRole("textbox", { name: "Edit Dwipp" })).toBeVisible();
  await expectNoViolations(page);
});

for (const [link, heading] of [
  ["My Dwipps", "My Dwipps"],
  ["Favorites", "Favorites"],
  ["Settings", "Settings"],
] as const) {
  test(`signed-in ${heading} page`, async ({ page, stack, newUser }) => {
    const user = await newUser("Axe Tester");
    // My Dwipps and Favorites are checked with something in them, put there through the API.
    if (link !== "Settings") {
      const id = await postThroughApi(stack, user, `Checked by axe ${randomUUID().slice(0, 8)}`);
      await markThroughApi(stack, user, id, "favorite");
    }
    await openSignedIn(page, stack, user);
    await page.getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(0);
    await expectNoViolations(page);
  });
}
