// P6: Lighthouse's performance score and Largest Contentful Paint of the feed, signed in, on the
// production build served as S3 + CloudFront would serve it, against the local cloud. Debian's
// Chromium runs it; a person signs in through the real form first, and Lighthouse then loads `/`
// with a cold HTTP cache but the session kept (it clears caches, never local storage).

import { chromiumLaunchOptions } from "@dwipper/testing/browser";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { chromium } from "@playwright/test";
import { launch } from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

export interface LighthouseRun {
  score: number;
  lcpMs: number;
}

export interface Credentials {
  email: string;
  password: string;
}

async function signIn(port: number, siteUrl: string, user: Credentials) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  await submitSignIn(page, `${siteUrl}/login/`, user);
  await page.getByRole("textbox", { name: "What's on your mind?" }).waitFor();
  await page.getByRole("article").first().waitFor();
  await page.close();
}

/** Lighthouse (desktop preset: simulated 10 Mbit/s, 40 ms RTT) on the signed-in feed, `runs` times. */
export async function measureLighthouse(
  siteUrl: string,
  user: Credentials,
  runs: number,
): Promise<LighthouseRun[]> {
  const chrome = await launch({
    chromePath: chromiumLaunchOptions.executablePath,
    chromeFlags: [...(chromiumLaunchOptions.args ?? []), "--headless=new"],
    logLevel: "silent",
  });
  try {
    await signIn(chrome.port, siteUrl, user);
    const results: LighthouseRun[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(
        `${siteUrl}/`,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] },
        desktopConfig,
      );
      const lhr = result?.lhr;
      const score = lhr?.categories.performance?.score;
      const lcp = lhr?.audits["largest-contentful-paint"]?.numericValue;
      if (typeof score !== "number" || typeof lcp !== "number") {
        throw new Error(
          `Lighthouse measured nothing: ${lhr?.runtimeError?.message ?? "no result"}`,
        );
      }
      // Signed out, the page would move to /login/ and the figures would describe the wrong page.
      if (new URL(lhr?.finalDisplayedUrl ?? siteUrl).pathname !== "/") {
        throw new Error(`Lighthouse ended on ${lhr?.finalDisplayedUrl}, not the feed.`);
      }
      results.push({ score: Math.round(score * 100), lcpMs: lcp });
    }
    return results;
  } finally {
    chrome.kill();
  }
}
