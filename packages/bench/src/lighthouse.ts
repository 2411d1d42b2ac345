// P6: Lighthouse's performance score and Largest Contentful Paint of pages of the production build
// served as S3 + CloudFront would serve it (over TLS and HTTP/2), against the local cloud, on a
// phone (Lighthouse's own mobile emulation and throttling) and on a desktop. Debian's Chromium runs
// it; for a signed-in page a person signs in through the real form first, and Lighthouse then loads
// the page with a cold HTTP cache but the session kept (it clears caches, never local storage).

import { chromiumLaunchOptions } from "@dwipper/testing/browser";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { chromium } from "@playwright/test";
import { launch } from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";
import { untilQuiet } from "./quiet";

export interface LighthouseRun {
  score: number;
  lcpMs: number;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface LighthousePage {
  /** The path and query, e.g. `/user/?id=…`. */
  path: string;
  /** Measured with a session (signed in through the form first) or in a browser that never had one. */
  signedIn: boolean;
  /** "mobile": Lighthouse's default (a mid-range phone, slow 4G, 4x slower CPU); or its desktop preset. */
  preset: "mobile" | "desktop";
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

/** A signed-in page asks for the reader's unread notifications; a signed-out one cannot. */
function askedAsSomeone(lhr: { audits: Record<string, { details?: unknown }> }): boolean {
  const details = lhr.audits["network-requests"]?.details as { items?: { url?: string }[] };
  return (details?.items ?? []).some((item) => item.url?.includes("/me/notifications"));
}

/** Lighthouse's own failures to record a load (NO_NAVSTART, a trace cut short) are tried again. */
const LIGHTHOUSE_ATTEMPTS = 3;

/** One Lighthouse run of `url`, tried again while Lighthouse itself failed to record the load. */
async function lighthouseRun(url: string, port: number, preset: LighthousePage["preset"]) {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(
      url,
      { port, output: "json", logLevel: "error", onlyCategories: ["performance"] },
      preset === "desktop" ? desktopConfig : undefined,
    );
    const failure = result?.lhr.runtimeError;
    if (!failure || attempt === LIGHTHOUSE_ATTEMPTS) return result?.lhr;
    console.log(`Lighthouse could not record ${url} (${failure.code}); running it again.`);
  }
}

/** Lighthouse on each page, `runs` times, signed-out pages in a browser that never signed in. */
export async function measureLighthouse(
  siteUrl: string,
  user: Credentials,
  pages: LighthousePage[],
  runs: number,
): Promise<LighthouseRun[][]> {
  const results: LighthouseRun[][] = pages.map(() => []);
  for (const signedIn of [false, true]) {
    const chosen = pages.flatMap((page, index) => (page.signedIn === signedIn ? [index] : []));
    if (chosen.length === 0) continue;
    const chrome = await launch({
      chromePath: chromiumLaunchOptions.executablePath,
      // The site and the API answer over TLS with a certificate made for this run.
      chromeFlags: [
        ...(chromiumLaunchOptions.args ?? []),
        "--headless=new",
        "--ignore-certificate-errors",
      ],
      logLevel: "silent",
    });
    try {
      if (signedIn) await signIn(chrome.port, siteUrl, user);
      for (let run = 0; run < runs; run++) {
        for (const index of chosen) {
          const page = pages[index] as LighthousePage;
          // Lighthouse's phone model scales the CPU time the page's tasks took on this machine:
          // each run starts once the local cloud's background work (the notifications a write
          // timing set off, the build) is done, as a phone shares its CPU with none of it.
          await untilQuiet();
          const lhr = await lighthouseRun(`${siteUrl}${page.path}`, chrome.port, page.preset);
          const score = lhr?.categories.performance?.score;
          const lcp = lhr?.audits["largest-contentful-paint"]?.numericValue;
          if (!lhr || typeof score !== "number" || typeof lcp !== "number") {
            throw new Error(
              `Lighthouse measured nothing on ${page.path}: ${lhr?.runtimeError?.message ?? "no result"}`,
            );
          }
          // Figures of the wrong page, or of the page as the wrong person, describe nothing.
          const landed = new URL(lhr.finalDisplayedUrl);
          if (`${landed.pathname}${landed.search}` !== page.path) {
            throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${page.path}.`);
          }
          if (askedAsSomeone(lhr) !== signedIn) {
            throw new Error(
              `Lighthouse saw ${page.path} ${signedIn ? "signed out" : "signed in"}.`,
            );
          }
          results[index]?.push({ score: Math.round(score * 100), lcpMs: lcp });
        }
      }
    } finally {
      chrome.kill();
    }
  }
  return results;
}
