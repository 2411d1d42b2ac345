// Everything a person does with Dwipps, in the browser: edit in place, delete with a confirmation,
// upvote and favorite as toggles, and the My Dwipps and Favorites pages.
import { randomUUID } from "node:crypto";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import type { TestUser } from "@dwipper/testing/users";
import type { Page } from "@playwright/test";
import { expect, markThroughApi, openSignedIn, postThroughApi, test } from "./fixtures";

async function post(page: Page, text: string) {
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: text });
  await expect(article).toBeVisible();
  return article;
}

test("on the narrowest phone, editing keeps its count and buttons within the Dwipp's column", async ({
  page,
  stack,
  newUser,
}) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openSignedIn(page, stack, await newUser("Narrow"));
  const article = await post(page, `Narrow ${randomUUID().slice(0, 8)}`);
  await article.getByRole("button", { name: "Edit", exact: true }).click();
  const editing = page
    .getByRole("article")
    .filter({ has: page.getByRole("textbox", { name: "Edit Dwipp" }) });
  const column = await editing.getByRole("textbox", { name: "Edit Dwipp" }).boundingBox();
  for (const control of [
    editing.getByText(/\d+ \/ 280 characters/),
    editing.getByRole("button", { name: "Cancel" }),
    editing.getByRole("button", { name: "Save" }),
  ]) {
    const box = await control.boundingBox();
    const name = (await control.textContent()) ?? "";
    expect(box && column && box.x >= column.x - 1, name).toBe(true);
    expect(box && column && box.x + box.width <= column.x + column.width + 1, name).toBe(true);
  }
});

test("an author edits a Dwipp in place, can cancel an edit, and edits it again", async ({
  page,
  stack,
  newUser,
}) => {
  await openSignedIn(page, stack, await newUser("Edie"));
  const original = `Original ${randomUUID().slice(0, 8)}`;
  const article = await post(page, original);

  // While editing, the text is in the textbox, so the article is found by that instead.
  const editing = page
    .getByRole("article")
    .filter({ has: page.getByRole("textbox", { name: "Edit Dwipp" }) });
  await article.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(editing.getByRole("textbox", { name: "Edit Dwipp" })).toHaveValue(original);
  await editing.getByRole("textbox", { name: "Edit Dwipp" }).fill("Never mind");
  await editing.getByRole("button", { name: "Cancel" }).click();
  await expect(article).toContainText(original);

  const changed = `Changed ${randomUUID().slice(0, 8)}`;
  await article.getByRole("button", { name: "Edit", exact: true }).click();
  await editing.getByRole("textbox", { name: "Edit Dwipp" }).fill(changed);
  await editing.getByRole("button", { name: "Save" }).click();
  const edited = page.getByRole("article").filter({ hasText: changed });
  await expect(edited).toContainText("edited");
  // Reloaded once the server has answered (a reload before would cancel the request).
  await expect(page.getByRole("status").filter({ hasText: "Your edit is saved" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: changed })).toContainText("edited");
  await expect(page.getByRole("article").filter({ hasText: original })).toHaveCount(0);

  // Edited again: its Edit button is told apart from its "edited" mark by the whole name.
  const again = `Again ${randomUUID().slice(0, 8)}`;
  await page
    .getByRole("article")
    .filter({ hasText: changed })
    .getByRole("button", { name: "Edit", exact: true })
    .click();
  await editing.getByRole("textbox", { name: "Edit Dwipp" }).fill(again);
  await editing.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("article").filter({ hasText: again })).toContainText("edited");
  await expect(page.getByRole("status").filter({ hasText: "Your edit is saved" })).toBeVisible();
});

test("an author deletes a Dwipp after confirming, and it stays gone", async ({
  page,
  stack,
  newUser,
}) => {
  await openSignedIn(page, stack, await newUser("Dee"));
  const text = `Delete me ${randomUUID().slice(0, 8)}`;
  const article = await post(page, text);

  await article.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this Dwipp?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(article).toBeVisible();

  await article.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("article").filter({ hasText: text })).toHaveCount(0);
  // Gone from the page at once; reloaded only once the server has said so (a reload before the
  // answer would cancel the request).
  await expect(page.getByRole("status").filter({ hasText: "Your Dwipp is deleted" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: text })).toHaveCount(0);
});

/** A Dwipp by a new author, posted through the API: the journeys below are about the reader. */
async function postedByAnother(stack: StackInfo, newUser: (name?: string) => Promise<TestUser>) {
  const author = await newUser("Ada");
  const text = `Worth keeping ${randomUUID().slice(0, 8)}`;
  return { author, text, id: await postThroughApi(stack, author, text) };
}

test("upvote and favorite toggle, count, and are kept by the server", async ({
  page,
  stack,
  newUser,
}) => {
  const { text } = await postedByAnother(stack, newUser);
  await openSignedIn(page, stack, await newUser("Fan"));
  const article = page.getByRole("article").filter({ hasText: text });
  const upvote = article.getByRole("button", { name: "Upvote" });
  const favorite = article.getByRole("button", { name: "Favorite" });
  await expect(upvote).toHaveAttribute("aria-pressed", "false");

  await upvote.click();
  await expect(upvote).toHaveAttribute("aria-pressed", "true");
  await expect(upvote.locator("xpath=..")).toContainText("1");
  await favorite.click();
  await expect(favorite).toHaveAttribute("aria-pressed", "true");
  // A toggle is busy until the server answers; reloaded only after both have.
  await expect(upvote).toBeEnabled();
  await expect(favorite).toBeEnabled();

  // What the server kept, after a reload.
  await page.reload();
  await expect(upvote).toHaveAttribute("aria-pressed", "true");
  await expect(favorite).toHaveAttribute("aria-pressed", "true");
  await expect(upvote.locator("xpath=..")).toContainText("1");
});

test("a favorite shows under Favorites, and an upvote undone there is undone on the feed", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  const { text, id } = await postedByAnother(stack, newUser);
  const fan = await newUser("Fan");
  await markThroughApi(stack, fan, id, "upvote");
  await markThroughApi(stack, fan, id, "favorite");
  await openSignedIn(page, stack, fan);
  await page.getByRole("link", { name: "Favorites" }).click();
  await expect(page.getByRole("heading", { name: "Favorites" })).toBeVisible();
  const kept = page.getByRole("article").filter({ hasText: text });
  await expect(kept).toBeVisible();
  await expect(kept.getByRole("button", { name: "Upvote" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await kept.getByRole("button", { name: "Upvote" }).click();
  await expect(kept.getByRole("button", { name: "Upvote" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  // Busy until the server answers: a page load before that would cancel the request.
  await expect(kept.getByRole("button", { name: "Upvote" })).toBeEnabled();
  await page.goto(url("/"));
  const upvote = page.getByRole("article").filter({ hasText: text }).getByRole("button", {
    name: "Upvote",
  });
  await expect(upvote).toHaveAttribute("aria-pressed", "false");
  await expect(upvote.locator("xpath=..")).toContainText("0");
});

test("an upvote the server counted but answered 503 is shown as the server has it", async ({
  page,
  stack,
  newUser,
}) => {
  const { text, id } = await postedByAnother(stack, newUser);
  await openSignedIn(page, stack, await newUser("Unsure"));
  const upvote = page.getByRole("article").filter({ hasText: text }).getByRole("button", {
    name: "Upvote",
  });
  await expect(upvote).toHaveAttribute("aria-pressed", "false");
  // The upvote reaches the API and is counted, but the answer is a 503, as when the read of the
  // new count gave up within the request's budget; its Retry-After is too long to wait out.
  await page.route(`**/dwipps/${id}/upvote`, async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    const response = await route.fetch();
    await route.fulfill({
      response,
      status: 503,
      headers: { ...response.headers(), "retry-after": "30" },
      body: JSON.stringify({
        error: { code: "unavailable", message: "The service is busy. Please try again shortly." },
      }),
    });
  });
  await upvote.click();
  await expect(
    page.getByRole("status").filter({ hasText: "may have been saved all the same" }),
  ).toBeVisible();
  // Read again, the Dwipp shows what the server has: upvoted, and counted once.
  await expect(upvote).toHaveAttribute("aria-pressed", "true");
  await expect(upvote.locator("xpath=..")).toContainText("1");
});

test("the author sees the counts, but not a fan's pressed state", async ({
  page,
  stack,
  newUser,
}) => {
  const { author, text, id } = await postedByAnother(stack, newUser);
  await markThroughApi(stack, await newUser("Fan"), id, "favorite");
  await openSignedIn(page, stack, author);
  const seen = page.getByRole("article").filter({ hasText: text });
  await expect(seen.getByRole("button", { name: "Favorite" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expect(seen.getByRole("button", { name: "Favorite" }).locator("xpath=..")).toContainText(
    "1",
  );
});

test("My Dwipps shows only mine; another person cannot edit or delete them", async ({
  browser,
  stack,
  newUser,
}) => {
  const [me, someone] = await Promise.all([newUser("Mia"), newUser("Sam")]);
  const mine = await (await browser.newContext()).newPage();
  await openSignedIn(mine, stack, me);
  const text = `Mine only ${randomUUID().slice(0, 8)}`;
  await post(mine, text);

  const theirs = await (await browser.newContext()).newPage();
  await openSignedIn(theirs, stack, someone);
  const other = `Not mine ${randomUUID().slice(0, 8)}`;
  await post(theirs, other);
  const article = theirs.getByRole("article").filter({ hasText: text });
  await expect(article).toBeVisible();
  await expect(article.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  await expect(article.getByRole("button", { name: "Delete" })).toHaveCount(0);

  await mine.getByRole("link", { name: "My Dwipps" }).click();
  await expect(mine.getByRole("heading", { name: "My Dwipps" })).toBeVisible();
  await expect(mine.getByRole("article").filter({ hasText: text })).toBeVisible();
  await expect(mine.getByRole("article").filter({ hasText: other })).toHaveCount(0);
});

test("a Dwipp posted while the feed is still loading shows up once it has loaded", async ({
  page,
  stack,
  newUser,
}) => {
  await openSignedIn(page, stack, await newUser("Quick"));
  // The feed answers slowly this time: the post goes out before the list arrives.
  let delayed = false;
  await page.route(/\/dwipps(\?.*)?$/, async (route) => {
    if (route.request().method() === "GET" && !delayed) {
      delayed = true;
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // The app cancels this first load when the post goes out (to put the new Dwipp on top and
      // load again); a cancelled request can no longer be answered, which is fine here.
      await route.fulfill({ response }).catch(() => undefined);
      return;
    }
    await route.continue();
  });
  await page.reload();
  const text = `Posted early ${randomUUID().slice(0, 8)}`;
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(text);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "posted" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
  expect(delayed).toBe(true);
});

// The local cloud's indexes trail its writes, as DynamoDB's do: the lists the server sends right
// after a change may not show it yet. What a person just did must not flicker away.
test("a just-posted Dwipp stays on the feed when the feed reloads before the server lists it", async ({
  page,
  stack,
  newUser,
}) => {
  await openSignedIn(page, stack, await newUser("Lag"));
  await expect(page.getByRole("region", { name: "Feed" })).toBeVisible();
  let posted = false;
  page.on("response", (response) => {
    if (response.request().method() === "POST") posted = true;
  });
  // The app reloads the lists once the post is saved.
  const reloaded = page.waitForResponse(
    (response) =>
      posted &&
      response.request().method() === "GET" &&
      new URL(response.url()).pathname === "/dwipps",
  );
  const text = `Just now ${randomUUID().slice(0, 8)}`;
  const article = await post(page, text);
  await reloaded;
  await page.waitForTimeout(500);
  await expect(article).toBeVisible();
  await page.getByRole("link", { name: "My Dwipps" }).click();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
});

test("a Dwipp just favorited is under Favorites at once; one just deleted is on no list", async ({
  page,
  stack,
  newUser,
}) => {
  const { text } = await postedByAnother(stack, newUser);
  await openSignedIn(page, stack, await newUser("Keeper"));
  const article = page.getByRole("article").filter({ hasText: text });
  await article.getByRole("button", { name: "Favorite" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Added to your favorites" }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Favorites" }).click();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();

  await page.getByRole("link", { name: "Home" }).click();
  const mine = `Gone soon ${randomUUID().slice(0, 8)}`;
  const posted = await post(page, mine);
  await posted.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: "Delete this Dwipp?" })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "deleted" })).toBeVisible();
  // Reloaded at once, while the server's index may still hold it.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
  await page.getByRole("link", { name: "My Dwipps" }).click();
  await expect(page.getByRole("heading", { name: "My Dwipps" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: mine })).toHaveCount(0);
});
