// Reading without an account: the feed is public, with the ways in where the composer would be,
// and the actions that need a person lead to signing in and back.
import { randomUUID } from "node:crypto";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { expect, postThroughApi, test } from "./fixtures";

test("a signed-out visitor reads the feed, with the ways in in place of the composer", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const author = await newUser("Ada");
  const text = `Read me signed out ${randomUUID().slice(0, 8)}`;
  await postThroughApi(stack, author, text);

  await page.goto(url("/"));
  const article = page.getByRole("article").filter({ hasText: text });
  await expect(article).toBeVisible();
  await expect(article.getByRole("button", { name: "Upvote" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
});

test("Upvote, signed out, leads to signing in and back to the feed", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const [author, reader] = await Promise.all([newUser("Ada"), newUser("Grace")]);
  const text = `Vote for me ${randomUUID().slice(0, 8)}`;
  await postThroughApi(stack, author, text);

  await page.goto(url("/"));
  const article = page.getByRole("article").filter({ hasText: text });
  await article.getByRole("button", { name: "Upvote" }).click();
  await expect(page).toHaveURL(/\/login\/\?next=%2F$/);
  await submitSignIn(page, page.url(), reader);
  await expect(page).toHaveURL(url("/"));
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
  // Back where they were, and nothing was done in their name on the way.
  const again = page.getByRole("article").filter({ hasText: text });
  await expect(again.getByRole("button", { name: "Upvote" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await again.getByRole("button", { name: "Upvote" }).click();
  await expect(again.getByRole("button", { name: "Upvote" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});
