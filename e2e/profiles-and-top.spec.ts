// Profiles and Top in the browser: an author's name leads to their profile, which anyone can open
// (asking for each of its reads once) and which counts what they post and delete; the feed's tabs
// switch to Top and its windows.
import { randomUUID } from "node:crypto";
import { NAME_MAX_LENGTH } from "@dwipper/core/person-name";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { whenIndexed } from "@dwipper/testing/indexes";
import { callApi } from "@dwipper/testing/users";
import type { Locator, Page } from "@playwright/test";
import { expect, markThroughApi, openSignedIn, postThroughApi, test } from "./fixtures";

const monthYear = () =>
  new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(),
  );

/** What the page asks of a person's profile from now on: "the profile", and its lists' paths. */
function profileReadsOf(page: Page, stack: StackInfo, id: string): string[] {
  // The id in any case: it names the same person (ADR 0051).
  const profile = `${stack.apiUrl}/users/${id}`.toLowerCase();
  const asked: string[] = [];
  page.on("request", (request) => {
    const address = request.url().toLowerCase();
    if (request.method() === "GET" && address.startsWith(profile)) {
      asked.push(request.url().slice(profile.length) || "the profile");
    }
  });
  return asked;
}

/**
 * Opens `address`, the profile of Ada `tag` (`id`) with one Dwipp, as a shared link opens it: it
 * shows that person and their Dwipp, and asks for the profile and its Dwipps once each.
 */
async function opensAskingEachReadOnce(
  page: Page,
  stack: StackInfo,
  address: string,
  id: string,
  tag: string,
) {
  const asked = profileReadsOf(page, stack, id);
  await page.goto(address);
  await expect(page.getByRole("heading", { name: `Ada ${tag}` })).toBeVisible();
  await expect(
    page.getByRole("region", { name: `Dwipps by Ada ${tag}` }).getByRole("article"),
  ).toHaveCount(1);
  await page.waitForLoadState("networkidle");
  expect(asked.sort()).toEqual(["/dwipps", "the profile"]);
}

test("an author's name leads to their profile, which a signed-out visitor can read", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Ada ${tag}`);
  await postThroughApi(stack, author, `Older thought ${tag}`);
  await postThroughApi(stack, author, `Newer thought ${tag}`);

  await page.goto(url("/"));
  const article = page.getByRole("article").filter({ hasText: `Newer thought ${tag}` });
  await article.getByRole("link", { name: `Ada ${tag}` }).click();
  await expect(page).toHaveURL(url(`/user/?id=${author.sub}`));
  await expect(page.getByRole("heading", { name: `Ada ${tag}` })).toBeVisible();
  await expect(page.getByText(`Joined ${monthYear()} · 2 Dwipps`)).toBeVisible();
  const list = page.getByRole("region", { name: `Dwipps by Ada ${tag}` });
  await expect(list.getByRole("article")).toHaveCount(2);
  await expect(list.getByRole("article").first()).toContainText(`Newer thought ${tag}`);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Opened afresh, as a shared link opens it, it asks for the profile and its Dwipps once each
  // (the early script asks, and the app takes its answers).
  const asked = profileReadsOf(page, stack, author.sub);
  await page.reload();
  await expect(list.getByRole("article")).toHaveCount(2);
  await page.waitForLoadState("networkidle");
  expect(asked.sort()).toEqual(["/dwipps", "the profile"]);
});

test("a signed-in reader's profile page asks for the profile and its Dwipps once each", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Ada ${tag}`);
  await postThroughApi(stack, author, `Read signed in ${tag}`);
  await openSignedIn(page, stack, await newUser(`Reader ${tag}`));
  // The early script asks as the kept session, and the app takes both answers.
  await opensAskingEachReadOnce(page, stack, url(`/user/?id=${author.sub}`), author.sub, tag);
});

test("a profile opened by a link in capitals is that person's, each read asked once", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Ada ${tag}`);
  await postThroughApi(stack, author, `Shouted link ${tag}`);
  const address = url(`/user/?id=${author.sub.toUpperCase()}`);
  await opensAskingEachReadOnce(page, stack, address, author.sub, tag);
});

test("a profile's Dwipps are asked for beside the profile, not after it", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Ada ${tag}`);
  await postThroughApi(stack, author, `Asked beside ${tag}`);
  const profile = `${stack.apiUrl}/users/${author.sub}`;
  let listAsked: () => void = () => {};
  const listAskedFirst = new Promise<boolean>((resolve) => {
    listAsked = () => resolve(true);
    page.on("request", (request) => {
      if (request.url().startsWith(`${profile}/dwipps`)) listAsked();
    });
  });
  // The profile's answer is held until its Dwipps have been asked for (or long enough to say they
  // waited for it), so the order does not depend on how fast the API answers.
  let order = "";
  await page.route(profile, async (route) => {
    const first = await Promise.race([
      listAskedFirst,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
    ]);
    order = first ? "beside" : "after";
    await route.continue();
  });

  // Opened from the feed, as a link is followed: the page's own requests, not those asked ahead.
  await page.goto(url("/"));
  const article = page.getByRole("article").filter({ hasText: `Asked beside ${tag}` });
  await article.getByRole("link", { name: `Ada ${tag}` }).click();
  await expect(page.getByRole("region", { name: `Dwipps by Ada ${tag}` })).toContainText(
    `Asked beside ${tag}`,
  );
  expect(order).toBe("beside");
});

test("an author's own profile counts what they post and delete", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const author = await newUser(`Grace ${tag}`);
  await openSignedIn(page, stack, author);
  await page.goto(url(`/user/?id=${author.sub}`));
  await expect(page.getByText(/· 0 Dwipps$/)).toBeVisible();
  const empty = page.getByRole("status").filter({ hasText: "has not posted yet" });
  await expect(empty).toBeVisible();
  await expect(empty.getByText(`Grace ${tag}`, { exact: true })).toHaveCSS(
    "unicode-bidi",
    "isolate",
  );

  await page.goto(url("/"));
  await page.getByRole("textbox", { name: "What's on your mind?" }).fill(`Counted ${tag}`);
  await page.getByRole("button", { name: "Dwipp", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your Dwipp is posted" })).toBeVisible();
  const mine = page.getByRole("article").filter({ hasText: `Counted ${tag}` });
  await mine.getByRole("link", { name: `Grace ${tag}` }).click();
  await expect(page.getByText(/· 1 Dwipp$/)).toBeVisible();

  const onProfile = page.getByRole("article").filter({ hasText: `Counted ${tag}` });
  await onProfile.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your Dwipp is deleted" })).toBeVisible();
  await expect(page.getByText(/· 0 Dwipps$/)).toBeVisible();
});

test("a profile that does not exist says so", async ({ page, url }) => {
  await page.goto(url(`/user/?id=${randomUUID()}`));
  await expect(page.getByRole("main").getByRole("alert")).toContainText("no such person");
});

/**
 * Today's Top through the API, best first, page after page until every one of `wanted` is in it
 * (or the pages end): other tests' Dwipps may rank above ours.
 */
async function topDayUntil(stack: StackInfo, wanted: string[]): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = (await callApi(stack, "GET", `/dwipps/top?limit=50${query}`)).json as {
      items: { id: string }[];
      nextCursor?: string | null;
    };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !wanted.every((id) => ids.includes(id)));
  return ids;
}

/**
 * Goes down the open list, as a reader would, until `count` of `ours` are shown: the stack is
 * shared, and other tests' Dwipps may rank above ours (more upvotes, or as many and newer).
 */
async function showAtLeast(page: Page, ours: Locator, count: number) {
  const more = page.getByRole("button", { name: "Load more" });
  await expect(async () => {
    // The button waits while a page is on its way and goes once the last one has come: a click
    // that cannot land gives up quickly, and the list is looked at again.
    if ((await ours.count()) < count && (await more.isVisible())) {
      await more.click({ timeout: 1_000 });
    }
    expect(await ours.count()).toBeGreaterThanOrEqual(count);
  }).toPass({ timeout: 20_000 });
}

test("Top lists the most upvoted first, in the window its tabs choose", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  const [author, ...voters] = await Promise.all([
    newUser("Ranked"),
    newUser(),
    newUser(),
    newUser(),
  ]);
  const second = await postThroughApi(stack, author, `Second best ${tag}`);
  const best = await postThroughApi(stack, author, `Best ${tag}`);
  for (const voter of voters) await markThroughApi(stack, voter, best, "upvote");
  for (const voter of voters.slice(0, 2)) await markThroughApi(stack, voter, second, "upvote");
  // The order follows the votes through the stream: wait until the API ranks them.
  await expect
    .poll(async () => {
      const ids = await topDayUntil(stack, [best, second]);
      return ids.includes(best) && ids.indexOf(best) < ids.indexOf(second);
    })
    .toBe(true);

  await page.goto(url("/"));
  await expect(page.getByRole("tab", { name: "Latest" })).toHaveAttribute("aria-selected", "true");
  await page.getByRole("tab", { name: "Top" }).click();
  await expect(page).toHaveURL(url("/?top=day"));
  await expect(page.getByRole("tab", { name: "Today" })).toHaveAttribute("aria-selected", "true");
  const ours = page.getByRole("article").filter({ hasText: tag });
  await showAtLeast(page, ours, 2);
  await expect(ours).toHaveCount(2);
  await expect(ours.first()).toContainText(`Best ${tag}`);
  await expect(ours.first()).toContainText("3");

  // The arrow keys move between windows, and the address keeps the choice through a reload.
  await page.getByRole("tab", { name: "Today" }).press("ArrowRight");
  await expect(page.getByRole("tab", { name: "This week" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByRole("tab", { name: "This week" })).toBeFocused();
  await expect(page).toHaveURL(url("/?top=week"));
  await page.getByRole("tab", { name: "All time" }).click();
  // The address changes in a navigation of its own: reloading before it lands reloads the old.
  await expect(page).toHaveURL(url("/?top=all"));
  await page.reload();
  await expect(page.getByRole("tab", { name: "All time" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await showAtLeast(page, ours, 1);
  await expect(ours.first()).toContainText(`Best ${tag}`);
  await page.getByRole("tab", { name: "Latest" }).click();
  await expect(page).toHaveURL(url("/"));
  await showAtLeast(page, ours, 1);
  await expect(ours.first()).toContainText(`Best ${tag}`);
});

test("on the narrowest phone, the longest name the pool takes wraps: no page scrolls sideways", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const tag = randomUUID().slice(0, 8);
  // One unbroken word of the pool's full 80 characters, beside a Dwipp, a profile and a notice.
  const longName = `${"W".repeat(NAME_MAX_LENGTH - tag.length)}${tag}`;
  const author = await newUser(longName);
  const quiet = await newUser(`${"Q".repeat(NAME_MAX_LENGTH - tag.length)}${tag}`);
  const id = await postThroughApi(stack, author, `Wrapped ${tag}`);
  await markThroughApi(stack, await newUser(`Grace${"m".repeat(67)}${tag}`), id, "upvote");
  // The notice is made off the request path: the journey opens the page once it is there (the
  // notifications journey waits as long for its count).
  const notices = await whenIndexed(
    async () =>
      (await callApi(stack, "GET", "/me/notifications", { token: author.idToken })).json as {
        items: { dwipp: { id: string } }[];
      },
    (answer) => answer.items.some((item) => item.dwipp.id === id),
    25_000,
  );
  expect(notices.items.map((item) => item.dwipp.id)).toContain(id);

  await page.setViewportSize({ width: 320, height: 640 });
  await openSignedIn(page, stack, author);
  const pages: [string, Locator][] = [
    ["/", page.getByRole("article").filter({ hasText: `Wrapped ${tag}` })],
    [`/user/?id=${author.sub}`, page.getByRole("heading", { name: longName })],
    [`/user/?id=${quiet.sub}`, page.getByRole("status").filter({ hasText: "has not posted yet" })],
    [`/dwipp/?id=${id}`, page.getByRole("article").filter({ hasText: `Wrapped ${tag}` })],
    ["/notifications/", page.getByRole("listitem").filter({ hasText: "upvoted your Dwipp" })],
  ];
  for (const [path, shown] of pages) {
    await page.goto(url(path));
    await expect(shown, path).toBeVisible();
    const [scrollWidth, width] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth, path).toBeLessThanOrEqual(width);
  }
});
