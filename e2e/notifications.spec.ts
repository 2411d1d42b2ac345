// Notifications in the browser: someone upvotes and favorites an author's Dwipp; the author's
// navigation counts them without a reload, the page tells them in words with links to the Dwipp,
// and opening it marks them read.
import { randomUUID } from "node:crypto";
import { expect, markThroughApi, postThroughApi, signIn, test } from "./fixtures";

test("an author is told who upvoted and favorited their Dwipp, and reading clears the count", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Author ${tag}`);
  const grace = await newUser(`Grace ${tag}`);
  const id = await postThroughApi(stack, author, `Worth telling ${tag}`);
  await signIn(page, url, author);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await markThroughApi(stack, grace, id, "upvote");
  await markThroughApi(stack, grace, id, "favorite");
  // The count arrives while the page stays open: made off the request path, then asked for.
  const counted = nav.getByRole("link", { name: "Notifications, 2 unread" });
  await expect(counted).toBeVisible({ timeout: 25_000 });

  await counted.click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByText(`Grace ${tag} upvoted your Dwipp`)).toBeVisible();
  await expect(list.getByText(`Grace ${tag} favorited your Dwipp`)).toBeVisible();
  // Seen, so read: the count is gone.
  await expect(nav.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await list
    .getByRole("link", { name: `Worth telling ${tag}` })
    .first()
    .click();
  await expect(page).toHaveURL(url(`/dwipp/?id=${id}`));
  await expect(page.getByRole("article")).toContainText(`Worth telling ${tag}`);
});
