// The account lifecycle in the browser: codes sent again, unconfirmed sign-in, password reset and
// change, sessions that renew themselves or end cleanly, and signing out.
import { randomUUID } from "node:crypto";
import {
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoClient } from "@dwipper/local-cloud/accounts";
import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import { submitSignIn } from "@dwipper/testing/sign-in";
import type { Page } from "@playwright/test";
import { expect, holdIdleMoments, openSignedIn, postFromFeed, signIn, test } from "./fixtures";

/** The Cognito tokens the library keeps in localStorage, by kind. */
async function storedTokens(page: Page) {
  return page.evaluate(() => {
    const found: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? "";
      const kind = /\.(idToken|refreshToken|accessToken)$/.exec(key)?.[1];
      if (kind) found[kind] = localStorage.getItem(key) ?? "";
    }
    return found;
  });
}

/** Replaces stored tokens, e.g. with ones the gateway will refuse. */
async function replaceTokens(page: Page, change: Record<string, (token: string) => string>) {
  const tokens = await storedTokens(page);
  const replacements = Object.fromEntries(
    Object.entries(change).map(([kind, rewrite]) => [kind, rewrite(tokens[kind] ?? "")]),
  );
  await page.evaluate((byKind) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? "";
      const kind = /\.(idToken|refreshToken)$/.exec(key)?.[1];
      const replacement = kind ? byKind[kind] : undefined;
      if (replacement) localStorage.setItem(key, replacement);
    }
  }, replacements);
}

/** The same claims with an hour more to live, under a signature nobody made. */
function forged(token: string): string {
  const [header, payload] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
  claims.exp = Math.floor(Date.now() / 1000) + 3600;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.AAAA`;
}

/**
 * Fills the register form with a new email, `name` and `password`, sends it, and checks the form
 * stays, saying `refusal`, with no code sent: nothing reached Cognito, or Cognito made nothing.
 */
async function registrationRefused(
  { page, url, stack }: { page: Page; url: (path: string) => string; stack: StackInfo },
  { name, password, refusal }: { name: string; password: string; refusal: string },
) {
  const email = `refused-${randomUUID()}@example.test`;
  await page.goto(url("/register/"));
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(refusal);
  await expect(page).toHaveURL(/\/register\//);
  const mailbox = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(email)}`);
  expect(((await mailbox.json()) as { messages: unknown[] }).messages).toHaveLength(0);
}

const refusedRegistrations: [string, { name: string; password: string; refusal: string }][] = [
  [
    "a weak password is refused in the browser before Cognito is asked",
    {
      name: "Weak",
      password: "short",
      refusal: "at least 8 characters, an uppercase letter, a number",
    },
  ],
  [
    "a name nobody could read is refused in the browser, in the words the pool's trigger uses",
    {
      // Zero-width spaces: more than nothing, yet nothing anyone would see beside a Dwipp.
      name: "\u200B\u200B",
      password: "Shower-thought-1",
      refusal: "Enter the name people will see on your Dwipps.",
    },
  ],
];
for (const [title, form] of refusedRegistrations) {
  test(title, async ({ page, url, stack }) => {
    await registrationRefused({ page, url, stack }, form);
  });
}

test("a new code can be sent, and the newest one confirms", async ({
  page,
  url,
  unconfirmedUser,
  latestCode,
}) => {
  const user = await unconfirmedUser();
  const first = await latestCode(user.email, "confirm-sign-up");
  await page.goto(url(`/confirm/?email=${encodeURIComponent(user.email)}`));
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "new code" })).toBeVisible();
  const newest = await latestCode(user.email, "confirm-sign-up");
  expect(newest).toMatch(/^\d{6}$/);

  if (newest !== first) {
    await page.getByRole("textbox", { name: "Confirmation code" }).fill(first);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("not right");
  }
  await page.getByRole("textbox", { name: "Confirmation code" }).fill(newest);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "confirmed" })).toBeVisible();
});

test("an unconfirmed person who signs in is taken to confirm, with a new code sent", async ({
  page,
  url,
  unconfirmedUser,
  latestCode,
  stack,
}) => {
  const user = await unconfirmedUser();
  await submitSignIn(page, url("/login/"), user);

  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(user.email);
  const mailbox = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(user.email)}`);
  expect(((await mailbox.json()) as { messages: unknown[] }).messages).toHaveLength(2);

  await page
    .getByRole("textbox", { name: "Confirmation code" })
    .fill(await latestCode(user.email, "confirm-sign-up"));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
});

test("a forgotten password is reset with the emailed code", async ({
  page,
  url,
  newUser,
  latestCode,
}) => {
  const user = await newUser("Forgetful");
  await page.goto(url("/login/"));
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "sent it a code" })).toBeVisible();

  await page
    .getByRole("textbox", { name: "Code" })
    .fill(await latestCode(user.email, "forgot-password"));
  await page.getByRole("textbox", { name: "New password" }).fill("weak");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Your password needs");
  await page.getByRole("textbox", { name: "New password" }).fill("Brand-new-pass1");
  await page.getByRole("button", { name: "Reset password" }).click();

  await expect(page.getByRole("status").filter({ hasText: "password is reset" })).toBeVisible();
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("do not match");
  await page.getByRole("textbox", { name: "Password" }).fill("Brand-new-pass1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
});

/**
 * Enters four wrong codes in the page's code field, each answered as not right, then the right
 * one; gives the alert that answers it.
 */
async function enterFourWrongCodesThenTheRightOne(
  page: Page,
  { field, button, right }: { field: string; button: string; right: string },
) {
  const alert = page.getByRole("main").getByRole("alert");
  for (const guess of ["111111", "222222", "333333", "444444"]) {
    await page.getByRole("textbox", { name: field, exact: true }).fill(guess);
    await page.getByRole("button", { name: button, exact: true }).click();
    await expect(alert).toContainText("That code is not right");
    await expect(page.getByRole("button", { name: button, exact: true })).toBeEnabled();
  }
  await page.getByRole("textbox", { name: field, exact: true }).fill(right);
  await page.getByRole("button", { name: button, exact: true }).click();
  return alert;
}

test("a person who tries a reset code too often is told to wait up to an hour", async ({
  page,
  url,
  newUser,
  latestCode,
}) => {
  // Cognito allows as few as five attempts an hour to ask for a reset code or to enter one.
  const user = await newUser("Guesser");
  await page.goto(url("/forgot-password/"));
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "sent it a code" })).toBeVisible();
  await page.getByRole("textbox", { name: "New password" }).fill("Brand-new-pass1");
  const alert = await enterFourWrongCodesThenTheRightOne(page, {
    field: "Code",
    button: "Reset password",
    right: await latestCode(user.email, "forgot-password"),
  });
  await expect(alert).toContainText("reset your password too often. Wait up to an hour");
});

test("a person who tries sign-up codes too often is told to wait up to an hour", async ({
  page,
  url,
  unconfirmedUser,
  latestCode,
}) => {
  // Cognito gives no number for sign-up codes; the local pool holds them to a reset's five an hour.
  const user = await unconfirmedUser();
  await page.goto(url(`/confirm/?email=${encodeURIComponent(user.email)}`));
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "new code" })).toBeVisible();
  const alert = await enterFourWrongCodesThenTheRightOne(page, {
    field: "Confirmation code",
    button: "Confirm",
    right: await latestCode(user.email, "confirm-sign-up"),
  });
  await expect(alert).toContainText("too many confirmation codes. Wait up to an hour");
  await expect(page).toHaveURL(/\/confirm\//);
});

test("an unconfirmed person asking for a reset is shown the way to confirm", async ({
  page,
  url,
  unconfirmedUser,
}) => {
  const user = await unconfirmedUser();
  await page.goto(url("/forgot-password/"));
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not confirmed yet");
  await expect(page.getByRole("textbox", { name: "Code" })).toHaveCount(0);
  await page.getByRole("link", { name: "Confirm your email" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(user.email);
});

test("an email typed in other capitals signs the same person in, and registers no second account", async ({
  page,
  url,
  newUser,
}) => {
  const user = await newUser("Capitals");
  await signIn(page, url, { ...user, email: user.email.toUpperCase() });
  await expect(page.getByRole("link", { name: "My Dwipps" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(url("/register/"));
  await page.getByRole("textbox", { name: "Email" }).fill(user.email.toUpperCase());
  await page.getByRole("textbox", { name: "Name" }).fill("Someone Else");
  await page.getByRole("textbox", { name: "Password" }).fill("Another-pass1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("already exists");
});

test("a changed password replaces the old one", async ({ page, url, newUser }) => {
  const user = await newUser("Changer");
  await signIn(page, url, user);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("textbox", { name: "Current password" }).fill("Not-my-password1");
  await page.getByRole("textbox", { name: "New password" }).fill("Changed-pass1");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("current password");

  await page.getByRole("textbox", { name: "Current password" }).fill(user.password);
  await page.getByRole("textbox", { name: "New password" }).fill("Changed-pass1");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "password is changed" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Dwipper" })).toBeVisible();
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("do not match");
  await page.getByRole("textbox", { name: "Password" }).fill("Changed-pass1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
});

test("the bar's other pages are fetched ahead once the browser is idle, never the page one is on", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  const becomeIdle = await holdIdleMoments(page);
  const site = new URL(url("/")).origin;
  // A page's payloads for the router (`/me/__next._tree.txt`, …), by the page they belong to.
  const fetchedAhead: string[] = [];
  let lastRequest = Date.now();
  page.on("request", (request) => {
    lastRequest = Date.now();
    const address = new URL(request.url());
    const payload = address.pathname.match(/^(.*\/)__next\.[^/]*\.txt$/);
    if (address.origin === site && payload?.[1]) fetchedAhead.push(payload[1]);
  });
  await openSignedIn(page, stack, await newUser("Ahead"));
  await page.waitForLoadState("networkidle");
  expect(fetchedAhead).toEqual([]);

  await becomeIdle();
  const others = ["/notifications/", "/me/", "/favorites/", "/settings/"];
  await expect.poll(() => others.filter((path) => !fetchedAhead.includes(path))).toEqual([]);
  // Then a second with nothing asked: the feed's own payloads would have been asked by now.
  while (Date.now() - lastRequest < 1_000) await page.waitForTimeout(100);
  expect(new Set(fetchedAhead)).toEqual(new Set(others));
});

test("on a phone, the bar brings the page one is on into sight, with Sign out a swipe away", async ({
  page,
  url,
  newUser,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, url, await newUser("Phone"));
  const bar = page.getByRole("navigation", { name: "Main" });
  // Settings and Favorites lie beyond the phone's width; Home and Notifications do not.
  for (const [path, name, scrolled] of [
    ["/settings/", "Settings", true],
    ["/favorites/", "Favorites", true],
    ["/notifications/", "Notifications", false],
    ["/", "Home", false],
  ] as const) {
    // Opened by its address: the bar is drawn afresh, scrolled to its start.
    await page.goto(url(path));
    const current = bar.getByRole("link", { name, exact: true });
    await expect(current).toHaveAttribute("aria-current", "page");
    await expect(current, path).toBeInViewport({ ratio: 1 });
    // Only the bar scrolled, not the page.
    expect(await page.evaluate(() => window.scrollY), path).toBe(0);
    // Scrolled from its start, the bar fades at its left edge too, where a word is cut.
    const fade = await bar.evaluate((nav) => getComputedStyle(nav).maskImage);
    expect(fade.startsWith("linear-gradient(90deg, rgba(0, 0, 0, 0)"), `${path}: ${fade}`).toBe(
      scrolled,
    );
  }
  // Swiped to its end, where a link to the left sits under the left fade, and that link followed:
  // the bar brings it clear of both fades.
  await page.goto(url("/settings/"));
  const followed = await bar.evaluate((nav) => {
    nav.scrollLeft = nav.scrollWidth;
    const box = nav.getBoundingClientRect();
    const faded = [...nav.querySelectorAll("a")].find((link) => {
      const { left, right } = link.getBoundingClientRect();
      return left < box.left + box.width * 0.1 && right > box.left + box.width * 0.1;
    });
    faded?.click();
    return faded?.textContent ?? "";
  });
  expect(followed).not.toBe("");
  await expect(bar.getByRole("link", { name: followed, exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const clear = await bar.evaluate((nav) => {
    const link = nav.querySelector('[aria-current="page"]')?.getBoundingClientRect();
    const box = nav.getBoundingClientRect();
    if (!link) return "no current link";
    const from = nav.scrollLeft > 0 ? box.left + box.width * 0.1 : box.left;
    return link.left >= from - 1 && link.right <= box.left + box.width * 0.85 + 1
      ? "clear"
      : `faded: ${link.left} < ${from}`;
  });
  expect(clear).toBe("clear");
  // The rest of the bar is there to swipe to.
  const signOut = bar.getByRole("button", { name: "Sign out" });
  await signOut.scrollIntoViewIfNeeded();
  await signOut.click();
  await expect(page.getByRole("heading", { name: "Sign in to Dwipper" })).toBeVisible();
});

test("a tab left open renews its session before the token expires, through a cut to Cognito", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  // The page's clock is the test's to move: the tab is "left open" without the test waiting.
  await page.clock.install();
  await signIn(page, url, await newUser("Patient"));
  const before = await storedTokens(page);
  // The e2e pool issues 40-second ID tokens; the app renews them 8 seconds early. When that time
  // comes, Cognito is out of reach.
  const cognito = new URL(stack.cognito.endpoint).origin;
  const toCognito = (address: URL) => address.origin === cognito;
  let cut = 0;
  await page.route(toCognito, (route) => {
    cut++;
    return route.abort("internetdisconnected");
  });
  await page.clock.fastForward(33_000);
  await expect.poll(() => cut).toBeGreaterThan(0);
  // The session is kept through it: still signed in, the refresh token still there.
  await expect(page.getByRole("textbox", { name: "What's on your mind?" })).toBeVisible();
  expect((await storedTokens(page)).refreshToken).toBe(before.refreshToken);

  // Back online, the renewal is tried again (2 s later) and succeeds.
  await page.unroute(toCognito);
  await page.clock.fastForward(3_000);
  await expect.poll(async () => (await storedTokens(page)).idToken).not.toBe(before.idToken);
  await postFromFeed(page, `Still here ${randomUUID().slice(0, 8)}`);
  await expect(page).toHaveURL(url("/"));
});

test("a computer whose clock is an hour ahead renews its session when due, and dates Dwipps right", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  // A clock set an hour out is common (a time zone taken for UTC). Read on it alone, every token
  // would look due for renewal at once, and so would each renewed one.
  await page.clock.install({ time: Date.now() + 3_600_000 });
  const cognito = new URL(stack.cognito.endpoint).origin;
  let renewals = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== cognito) return;
    if (request.postData()?.includes("REFRESH_TOKEN_AUTH")) renewals++;
  });
  await signIn(page, url, await newUser("Ahead"));
  // The e2e pool's tokens last 40 s and are renewed 8 s early: none is due in the next seconds.
  await page.waitForTimeout(2_000);
  expect(renewals).toBe(0);
  const article = await postFromFeed(page, `Ahead of time ${randomUUID().slice(0, 8)}`);
  expect(renewals).toBe(0);
  // The Dwipp as the server answered it, dated on the server's clock (its answers carry it), not
  // "1 hr. ago" by this one.
  await expect(article.getByRole("link", { name: "just now", exact: true })).toBeVisible();
});

test("a token the API refuses is renewed once and the request retried", async ({
  page,
  url,
  newUser,
}) => {
  await signIn(page, url, await newUser("Retry"));
  await replaceTokens(page, { idToken: forged });
  const refused = (await storedTokens(page)).idToken;
  await postFromFeed(page, `After a renewal ${randomUUID().slice(0, 8)}`);
  expect((await storedTokens(page)).idToken).not.toBe(refused);
});

test("a session that cannot be renewed ends cleanly and returns to the page after sign-in", async ({
  page,
  url,
  newUser,
}) => {
  const user = await newUser("Ended");
  await signIn(page, url, user);
  await replaceTokens(page, { idToken: forged, refreshToken: () => "not-a-refresh-token" });
  const renewals: string[] = [];
  page.on("request", (request) => {
    if (request.postData()?.includes('"REFRESH_TOKEN_AUTH"')) renewals.push(request.url());
  });
  await page.getByRole("link", { name: "My Dwipps" }).click();

  await expect(page).toHaveURL(/\/login\/\?next=%2Fme%2F/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("session ended");
  // Cognito's refusal ends it: the refresh token is not offered again.
  expect(renewals).toHaveLength(1);
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Password" }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My Dwipps" })).toBeVisible();
});

test("signing out clears the session in every tab", async ({ context, url, newUser }) => {
  const user = await newUser("Leaver");
  const first = await context.newPage();
  await signIn(first, url, user);
  const second = await context.newPage();
  await second.goto(url("/me/"));
  await expect(second.getByRole("heading", { name: "My Dwipps" })).toBeVisible();

  await first.getByRole("button", { name: "Sign out" }).click();
  await expect(first.getByRole("heading", { name: "Sign in to Dwipper" })).toBeVisible();
  expect(await storedTokens(first)).toEqual({});
  await expect(second.getByRole("heading", { name: "Sign in to Dwipper" })).toBeVisible();

  // Signed out, a signed-in page leads to sign-in; the feed is public.
  await first.goto(url("/favorites/"));
  await expect(first).toHaveURL(/\/login\//);
  await first.goto(url("/"));
  await expect(first.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(first.getByRole("textbox", { name: "What's on your mind?" })).toHaveCount(0);
});

test("signing out revokes the refresh token: a copy of it yields no more tokens", async ({
  page,
  stack,
  url,
  newUser,
}) => {
  await signIn(page, url, await newUser("Careful"));
  const { refreshToken } = await storedTokens(page);
  const renewWith = (token: string) =>
    cognitoClient(stack).send(
      new InitiateAuthCommand({
        ClientId: stack.cognito.userPoolClientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: token },
      }),
    );
  // Before: the token works.
  expect((await renewWith(refreshToken ?? "")).AuthenticationResult?.IdToken).toBeTruthy();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Dwipper" })).toBeVisible();
  await expect(renewWith(refreshToken ?? "")).rejects.toMatchObject({
    name: "NotAuthorizedException",
  });
});

test("someone locked out by failed sign-ins is told to wait, even with the right password", async ({
  page,
  url,
  stack,
  newUser,
}) => {
  const user = await newUser("Locked Out");
  const client = cognitoClient(stack);
  const fail = () =>
    expect(
      client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: stack.cognito.userPoolId,
          ClientId: stack.cognito.userPoolClientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: user.email, PASSWORD: "Not-the-password-1" },
        }),
      ),
    ).rejects.toThrow();
  try {
    // Cognito locks a person out for 1 s after five failed sign-ins, and for twice as long after
    // each failure once a lockout is over: three more make it 8 s, time enough for the page.
    for (let n = 0; n < 5; n++) await fail();
    for (const lockoutMs of [1_000, 2_000, 4_000]) {
      await new Promise((resolve) => setTimeout(resolve, lockoutMs + 100));
      await fail();
    }
  } finally {
    client.destroy();
  }
  await submitSignIn(page, url("/login/"), user);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "Too many failed attempts to sign in",
  );
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
});
