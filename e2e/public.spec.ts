// Reading without an account: the feed is public, with the ways in where the composer would be,
// and the actions that need a person lead to signing in and back.
import { randomUUID } from "node:crypto";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { expect, openSignedIn, postFromFeed, postThroughApi, signIn, test } from "./fixtures";

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

test("opening the feed asks for its first page once, signed out and signed in", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const author = await newUser("Ada");
  const text = `Asked for once ${randomUUID().slice(0, 8)}`;
  await postThroughApi(stack, author, text);
  // The first page is asked for before React starts (as the session kept in the browser), by the
  // early script or the app, and the feed takes that answer: asking again would read it twice.
  let firstPages: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "GET" && request.url() === `${stack.apiUrl}/dwipps`) {
      firstPages.push(request.headers().authorization ? "with a token" : "without");
    }
  });
  const opened = async () => {
    await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
    await page.waitForLoadState("networkidle");
  };

  await page.goto(url("/"));
  await opened();
  expect(firstPages).toEqual(["without"]);

  await signIn(page, url, author);
  firstPages = [];
  await page.reload();
  await opened();
  expect(firstPages).toEqual(["with a token"]);
});

test("the feed's and a profile's first reads are asked for before the framework's scripts run", async ({
  page,
  url,
  stack,
}) => {
  // With the framework's scripts held back, only the early script in the page's head can ask.
  await page.route("**/_next/static/chunks/*.js", (route) => route.abort());
  const asks = (path: string) =>
    page.waitForRequest(
      (request) => request.method() === "GET" && request.url() === `${stack.apiUrl}${path}`,
      { timeout: 5_000 },
    );
  const feed = asks("/dwipps");
  await page.goto(url("/"));
  await feed;
  const id = randomUUID();
  const profile = Promise.all([asks(`/users/${id}`), asks(`/users/${id}/dwipps`)]);
  await page.goto(url(`/user/?id=${id}`));
  await profile;
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

test("a Dwipp's own page: its time links there, Copy link copies it, and it opens signed out", async ({
  page,
  context,
  browser,
  stack,
  url,
  newUser,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const author = await newUser("Ada");
  await openSignedIn(page, stack, author);
  const text = `Share me ${randomUUID().slice(0, 8)}`;
  const article = await postFromFeed(page, text);

  await article.getByRole("button", { name: "Copy link" }).click();
  await expect(article.getByRole("status")).toHaveText("Link copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).pathname).toBe("/dwipp/");

  // The time is the same address, by the name it shows.
  const time = article.getByRole("link", { name: /just now|sec|min/ });
  await expect(time).toHaveAttribute("href", new URL(copied).pathname + new URL(copied).search);

  const stranger = await browser.newContext();
  try {
    const visit = await stranger.newPage();
    await visit.goto(copied);
    await expect(visit.getByRole("article").filter({ hasText: text })).toBeVisible();
    await expect(visit.getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(visit.getByRole("link", { name: "Create an account" })).toBeVisible();
    await visit.goto(url("/dwipp/?id=0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11"));
    await expect(visit.getByRole("main").getByRole("alert")).toContainText("not there");
  } finally {
    await stranger.close();
  }
});

test("a page opens its connection to the API while its scripts load, from the HTML itself", async ({
  request,
  url,
  stack,
}) => {
  // The first reads go to the API, another origin, before React has hydrated: a preconnect in the
  // page's head (anonymous, as those reads carry no cookies) has the connection ready for them.
  const apiOrigin = new URL(stack.apiUrl).origin;
  for (const path of ["/", "/user/?id=someone"]) {
    const html = await (await request.get(url(path))).text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head, path).toContain(
      `<link rel="preconnect" href="${apiOrigin}" crossorigin="anonymous"/>`,
    );
  }
});

test("an address that is no page says so, as a 404, and leads home", async ({ page, url }) => {
  // Not the feed in its place: the static site answers as the front door does (ADR 0035).
  const response = await page.goto(url(`/no-such-page-${randomUUID().slice(0, 8)}`));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Home" }).click();
  await expect(page).toHaveURL(url("/"));
  await expect(page.getByRole("tab", { name: "Latest" })).toBeVisible();
});
