// Notifications in the browser: someone upvotes and favorites an author's Dwipp; the author's
// navigation counts them without a reload, the page tells them in words with links to the Dwipp,
// and opening it marks them read.
import { randomUUID } from "node:crypto";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import type { TestUser } from "@dwipper/testing/users";
import {
  expect,
  holdIdleMoments,
  markThroughApi,
  openSignedIn,
  postThroughApi,
  test,
} from "./fixtures";

/** An author with a Dwipp, and Grace, who acts on it: names and text of this test's own (`tag`). */
async function authorAndGrace(
  stack: StackInfo,
  newUser: (name?: string) => Promise<TestUser>,
  content: string,
) {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Author ${tag}`);
  const grace = await newUser(`Grace ${tag}`);
  const text = `${content} ${tag}`;
  return { tag, author, grace, text, id: await postThroughApi(stack, author, text) };
}

test("an author is told who upvoted and favorited their Dwipp, and reading clears the count", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const { tag, author, grace, text, id } = await authorAndGrace(stack, newUser, "Worth telling");
  await openSignedIn(page, stack, author);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await markThroughApi(stack, grace, id, "upvote");
  await markThroughApi(stack, grace, id, "favorite");
  // The count arrives while the page stays open: made off the request path, then asked for.
  const counted = nav.getByRole("link", { name: "Notifications, 2 unread" });
  await expect(counted).toBeVisible({ timeout: 25_000 });

  // Each item's Dwipp is the one static page for every id: fetched ahead per item, it would be
  // the same files again under another query, for pages most readers never open.
  const dwippPageRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(url("/dwipp/"))) dwippPageRequests.push(request.url());
  });
  await counted.click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByText(`Grace ${tag} upvoted your Dwipp`)).toBeVisible();
  await expect(list.getByText(`Grace ${tag} favorited your Dwipp`)).toBeVisible();
  // A name in the app's sentence is kept apart from it (a name written right to left, or ending
  // in digits, would otherwise take the words around it along).
  await expect(list.getByText(`Grace ${tag}`, { exact: true }).first()).toHaveCSS(
    "unicode-bidi",
    "isolate",
  );
  // Seen, so read: the count is gone.
  await expect(nav.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  expect(dwippPageRequests).toEqual([]);
  await list.getByRole("link", { name: text }).first().click();
  await expect(page).toHaveURL(url(`/dwipp/?id=${id}`));
  await expect(page.getByRole("article")).toContainText(text);
  // Asked for once it was opened.
  expect(dwippPageRequests.length).toBeGreaterThan(0);
});

test("on a phone, the unread count is in sight in the bar on the feed, without a swipe", async ({
  page,
  stack,
  newUser,
}) => {
  const { author, grace, id } = await authorAndGrace(stack, newUser, "Seen on a phone");
  await markThroughApi(stack, grace, id, "upvote");
  await page.setViewportSize({ width: 390, height: 844 });
  await openSignedIn(page, stack, author);
  const bar = page.getByRole("navigation", { name: "Main" });
  const counted = bar.getByRole("link", { name: "Notifications, 1 unread" });
  await expect(counted).toBeVisible({ timeout: 25_000 });
  await expect(counted).toBeInViewport({ ratio: 1 });
  // And clear of the bar's fade at its right edge (the last 15% of its width).
  const clear = await counted.evaluate((link) => {
    const nav = link.closest("nav")?.getBoundingClientRect();
    return nav !== undefined && link.getBoundingClientRect().right <= nav.left + nav.width * 0.85;
  });
  expect(clear).toBe(true);
});

test("the bar's unread count is first asked once the page has loaded and the browser is idle", async ({
  page,
  stack,
  newUser,
}) => {
  const author = await newUser("Ada");
  const becomeIdle = await holdIdleMoments(page);
  const unreadCount = `${stack.apiUrl}/me/notifications?limit=1`;
  const unreadAsks: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "GET" && request.url() === unreadCount) {
      unreadAsks.push(request.url());
    }
  });

  await openSignedIn(page, stack, author);
  await page.waitForLoadState("load");
  await page.waitForLoadState("networkidle");
  expect(unreadAsks).toEqual([]);

  const asked = page.waitForRequest((request) => request.url() === unreadCount);
  await becomeIdle();
  await asked;
});
