// The feed that talks back and edits that stay honest, in the browser: what others post while the
// feed is open is offered without a reload and goes on top without moving what is being read; an
// edited Dwipp's "edited" mark opens the texts it had before.
import { randomUUID } from "node:crypto";
import { callApi } from "@dwipper/testing/users";
import { expect, openSignedIn, postThroughApi, test } from "./fixtures";

test("a Dwipp someone else posts is offered on Latest without a reload, and goes on top once", async ({
  page,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const reader = await newUser("Reader");
  const poster = await newUser(`Poster ${tag}`);
  await postThroughApi(stack, poster, `Already there ${tag}`);
  await openSignedIn(page, stack, reader);
  const feed = page.getByRole("region", { name: "Feed" });
  const seen = feed.getByRole("article").filter({ hasText: `Already there ${tag}` });
  await expect(seen).toBeVisible();
  const before = await seen.boundingBox();

  const text = `Posted while you read ${tag}`;
  const posted = await callApi(stack, "POST", "/dwipps", {
    token: poster.idToken,
    body: { content: text },
  });
  expect(posted.status).toBe(201);
  const offer = page.getByRole("button", { name: /^Show \d+ new Dwipps?$/ });
  await expect(offer).toBeVisible({ timeout: 15_000 });
  // The offer takes no room: what the reader was reading has not moved.
  expect(await seen.boundingBox()).toEqual(before);
  const mine = feed.getByRole("article").filter({ hasText: text });
  await expect(mine).toHaveCount(0);

  // Others' journeys post too; pressing the offer until this one is on the page, as a reader would.
  await expect(async () => {
    if (await offer.isVisible()) await offer.click();
    await expect(mine).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const links = await feed
    .getByRole("article")
    .evaluateAll((articles) =>
      articles.map((article) => article.querySelector('a[href*="/dwipp/"]')?.getAttribute("href")),
    );
  expect(new Set(links).size).toBe(links.length);
  const order = links.indexOf(`/dwipp/?id=${(posted.json as { id: string }).id}`);
  const seenId = await seen.getByRole("link").nth(1).getAttribute("href");
  expect(order).toBeGreaterThanOrEqual(0);
  expect(order).toBeLessThan(links.indexOf(seenId));
});

test("an edited Dwipp's edited mark shows its earlier texts, newest first, to anyone", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Editor ${tag}`);
  const id = await postThroughApi(stack, author, `First take ${tag}`);
  for (const content of [`Second take ${tag}`, `Third take ${tag}`]) {
    const edited = await callApi(stack, "PATCH", `/dwipps/${id}`, {
      token: author.idToken,
      body: { content },
    });
    expect(edited.status).toBe(200);
  }

  await page.goto(url(`/dwipp/?id=${id}`));
  const article = page.getByRole("article").filter({ hasText: `Third take ${tag}` });
  const mark = article.getByRole("button", { name: "edited" });
  await expect(mark).toHaveAttribute("aria-expanded", "false");
  // The exact times are written when a pointer first comes to them, not with the page.
  const posted = article.locator("time").first();
  await expect(posted).not.toHaveAttribute("title", /./);
  await posted.hover();
  await expect(posted).toHaveAttribute("title", /\d{4}/);
  await mark.hover();
  await expect(mark).toHaveAttribute("title", /^Edited .*\d{4}/);
  await mark.click();
  await expect(mark).toHaveAttribute("aria-expanded", "true");
  const earlier = article.getByRole("region", { name: "Earlier texts" });
  await expect(earlier.getByRole("listitem")).toHaveCount(2);
  await expect(earlier.getByRole("listitem").first()).toContainText(`Second take ${tag}`);
  await expect(earlier.getByRole("listitem").last()).toContainText(`First take ${tag}`);
  await expect(earlier.getByRole("listitem").first().locator("time")).toHaveCount(1);

  await mark.click();
  await expect(mark).toHaveAttribute("aria-expanded", "false");
  await expect(earlier).toHaveCount(0);
});
