// `npm run screenshots`: the pictures in the README, taken from a fresh local cloud with the seed's
// feed, so they always show the app as it is. The seed's Dwipps hold emoji: a machine without a
// colour emoji font draws them as empty boxes (Debian: `apt-get install fonts-noto-color-emoji`).
import "@dwipper/local-cloud/quiet-sdk-notices";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { startDevStack } from "@dwipper/local-cloud/dev/dev-stack";
import { SEED_PASSWORD, seed, seedEmail, seedPeople } from "@dwipper/local-cloud/dev/seed";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { chromiumLaunchOptions } from "@dwipper/testing/browser";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { type Browser, chromium, type Page } from "@playwright/test";

const out = path.join(repoRoot, "docs/screenshots");

interface Shot {
  file: string;
  path: string;
  colorScheme: "light" | "dark";
  viewport: { width: number; height: number };
  signedIn: boolean;
  /** Where to go from the first page, as a person would. */
  goOn?: (page: Page) => Promise<void>;
}

const shots: Shot[] = [
  {
    file: "feed-light.png",
    path: "/",
    colorScheme: "light",
    viewport: { width: 1200, height: 900 },
    signedIn: true,
  },
  {
    file: "feed-dark.png",
    path: "/",
    colorScheme: "dark",
    viewport: { width: 1200, height: 900 },
    signedIn: true,
  },
  {
    file: "feed-phone.png",
    path: "/",
    colorScheme: "light",
    viewport: { width: 390, height: 844 },
    signedIn: true,
  },
  {
    file: "top-phone.png",
    path: "/?top=week",
    colorScheme: "light",
    viewport: { width: 390, height: 844 },
    signedIn: false,
  },
  {
    file: "profile-dark.png",
    path: "/",
    colorScheme: "dark",
    viewport: { width: 1200, height: 900 },
    signedIn: false,
    goOn: async (page) => {
      await page
        .getByRole("link", { name: seedPeople[0] ?? "" })
        .first()
        .click();
      await page.getByRole("heading", { name: seedPeople[0] ?? "" }).waitFor();
      await page.getByRole("article").first().waitFor();
    },
  },
  {
    file: "notifications-phone.png",
    path: "/",
    colorScheme: "light",
    viewport: { width: 390, height: 844 },
    signedIn: true,
    goOn: async (page) => {
      await page.getByRole("link", { name: /^Notifications/ }).click();
      await page.getByRole("list", { name: "Notifications" }).waitFor();
    },
  },
  {
    file: "history-dark.png",
    path: "/",
    colorScheme: "dark",
    viewport: { width: 1200, height: 900 },
    signedIn: false,
    goOn: async (page) => {
      await page.getByRole("button", { name: "edited" }).first().click();
      await page
        .getByRole("region", { name: "Earlier texts" })
        .getByRole("listitem")
        .first()
        .waitFor();
    },
  },
  {
    file: "sign-in.png",
    path: "/login/",
    colorScheme: "light",
    viewport: { width: 1200, height: 800 },
    signedIn: false,
  },
];

async function take(browser: Browser, webUrl: string, shot: Shot) {
  const context = await browser.newContext({
    colorScheme: shot.colorScheme,
    viewport: shot.viewport,
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  if (shot.signedIn) {
    await submitSignIn(page, new URL("/login/", webUrl).href, {
      email: seedEmail(seedPeople[0] ?? ""),
      password: SEED_PASSWORD,
    });
    await page.getByRole("article").first().waitFor();
  } else {
    await page.goto(new URL(shot.path, webUrl).href);
    await (shot.path === "/login/"
      ? page.getByRole("button", { name: "Sign in" })
      : page.getByRole("article").first()
    ).waitFor();
  }
  await shot.goOn?.(page);
  // The dev server's badge is not part of the app.
  await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" });
  await page.screenshot({ path: path.join(out, shot.file) });
  await context.close();
}

async function main() {
  await mkdir(out, { recursive: true });
  console.log("Starting a throwaway local cloud…");
  const devStack = await startDevStack({
    nextDistDir: ".next-screenshots",
    warmPaths: ["/", "/login/", "/user/"],
    onWebOutput: () => {},
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await seed(devStack.cloud.stack);
    for (const shot of shots) {
      await take(browser, devStack.cloud.stack.webUrl, shot);
      console.log(`docs/screenshots/${shot.file}`);
    }
  } finally {
    await browser.close();
    await devStack.stop();
  }
}

main().catch((error: unknown) => {
  console.error("Screenshots failed:", error);
  process.exit(1);
});
