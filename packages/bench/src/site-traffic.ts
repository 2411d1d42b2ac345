// P8's site: what a signed-in person's browser asks of CloudFront, counted in Chromium as it loads
// the production build served as CloudFront serves it (the same cache-control and 304s): requests
// that left the browser and the bytes they brought, headers included. A visit with a cold cache,
// one with the cache it left, and each client-side navigation the usage model makes.
import { createHash, X509Certificate } from "node:crypto";
import { localhostCertificate } from "@dwipper/local-cloud/local-certificate";
import { chromiumLaunchOptions } from "@dwipper/testing/browser";
import { submitSignIn } from "@dwipper/testing/sign-in";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import type { Credentials } from "./lighthouse";

/** Requests to the site and the bytes they transferred. */
export interface Traffic {
  requests: number;
  bytes: number;
}

export interface SiteTraffic {
  /** Loading the feed with nothing cached: the day's first visit. */
  coldVisit: Traffic;
  /** Loading the feed again with what the first visit cached. */
  warmVisit: Traffic;
  /** Client-side navigations from the feed: to a Dwipp's page, a profile, the notifications. */
  toDwipp: Traffic;
  toProfile: Traffic;
  toNotifications: Traffic;
}

/** How long the site's traffic must stay still for a load to be over (its idle prefetches too). */
const QUIET_MS = 2_500;

/** Counts what the page's requests to `origin` take from the network, not the browser's cache. */
export async function meter(
  context: BrowserContext,
  page: Page,
  origin: string,
  quietMs = QUIET_MS,
) {
  const session = await context.newCDPSession(page);
  await session.send("Network.enable");
  const open = new Set<string>();
  let total: Traffic = { requests: 0, bytes: 0 };
  let lastActivity = Date.now();
  const touch = () => {
    lastActivity = Date.now();
  };
  session.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).origin !== origin || open.has(event.requestId)) return;
    open.add(event.requestId);
    touch();
  });
  session.on("Network.requestServedFromCache", (event) => {
    open.delete(event.requestId);
  });
  session.on("Network.responseReceived", (event) => {
    if (event.response.fromDiskCache || event.response.fromPrefetchCache) {
      open.delete(event.requestId);
    }
  });
  session.on("Network.loadingFinished", (event) => {
    if (!open.delete(event.requestId)) return;
    total.requests += 1;
    total.bytes += event.encodedDataLength;
    touch();
  });
  session.on("Network.loadingFailed", (event) => {
    if (!open.delete(event.requestId)) return;
    total.requests += 1;
    touch();
  });
  return {
    /** What was counted since the last call, once nothing has been asked for a while. */
    async settled(): Promise<Traffic> {
      while (open.size > 0 || Date.now() - lastActivity < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const counted = total;
      total = { requests: 0, bytes: 0 };
      return counted;
    },
  };
}

/**
 * The local certificate's key, as Chromium names one it is to trust. Chromium keeps nothing in its
 * HTTP cache from a site whose certificate it had to be told to ignore, so a browser that ignored
 * errors would fetch every revalidated file whole again; trusted, it asks with the file's tag.
 */
async function trustedKey(): Promise<string> {
  const { cert } = await localhostCertificate();
  const key = new X509Certificate(cert).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(key).digest("base64");
}

/** Debian's Chromium, trusting the local certificate. */
export async function trustingBrowser(): Promise<Browser> {
  return chromium.launch({
    ...chromiumLaunchOptions,
    args: [
      ...(chromiumLaunchOptions.args ?? []),
      `--ignore-certificate-errors-spki-list=${await trustedKey()}`,
    ],
  });
}

export async function measureSiteTraffic(siteUrl: string, user: Credentials): Promise<SiteTraffic> {
  const browser = await trustingBrowser();
  try {
    // The session is made in a context of its own, so the measured one starts with an empty cache.
    const signing = await browser.newContext();
    const first = await signing.newPage();
    await submitSignIn(first, `${siteUrl}/login/`, user);
    await first.getByRole("article").first().waitFor();
    const storageState = await signing.storageState();
    await signing.close();

    const context = await browser.newContext({ storageState });
    const page = await context.newPage();
    const traffic = await meter(context, page, new URL(siteUrl).origin);
    const feed = async () => {
      await page.goto(`${siteUrl}/`);
      await page.getByRole("article").first().waitFor();
      return traffic.settled();
    };
    const coldVisit = await feed();
    const warmVisit = await feed();
    await page.getByRole("article").first().locator('a[href^="/dwipp/"]').click();
    await page.waitForURL(/\/dwipp\/\?id=/);
    await page.getByRole("article").first().waitFor();
    const toDwipp = await traffic.settled();
    await page.getByRole("article").first().locator('a[href^="/user/"]').first().click();
    await page.waitForURL(/\/user\/\?id=/);
    await page.getByRole("article").first().waitFor();
    const toProfile = await traffic.settled();
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.waitForURL(/\/notifications\/$/);
    await page.getByRole("heading", { name: "Notifications" }).waitFor();
    const toNotifications = await traffic.settled();
    return { coldVisit, warmVisit, toDwipp, toProfile, toNotifications };
  } finally {
    await browser.close();
  }
}
