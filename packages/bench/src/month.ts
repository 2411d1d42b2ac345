// P8's month: what 1,000 daily active people cost on AWS under a usage model stated here, from the
// measured cost of each route, beside the seed's design (the feed as a Scan of the table, the
// voters kept on the Dwipp) at 100k Dwipps for the part of the model that design can serve.
import { READ_BLOCK } from "@dwipper/core/budget";
import { alarmSubjects } from "@dwipper/functions/alarms";
import { lambdaPrice, logsPrice, PRICES, unitsPrice } from "./prices";
import type { RouteCost } from "./route-cost";
import type { SiteTraffic, Traffic } from "./site-traffic";

/** Visits a person makes a day. */
export const VISITS_PER_DAY = 3;
/** Minutes a person has the tab in view each day: five a visit. */
export const ACTIVE_MINUTES = VISITS_PER_DAY * 5;

/** Requests per active person per day, by route (or the route's named variant). */
export const USAGE_PER_PERSON_DAY: Record<string, number> = {
  // Three visits with the tab in view: three pages of the feed each time...
  "GET /dwipps": 9,
  // ...the live feed's poll every 8 s and the unread count's every 10 s while the tab is visible.
  "GET /dwipps?since (the live feed's poll)": (ACTIVE_MINUTES * 60) / 8,
  "GET /me/notifications?limit=1 (the unread count's poll)": (ACTIVE_MINUTES * 60) / 10,
  "GET /dwipps/top": 1,
  "GET /dwipps/{id}": 2,
  "GET /dwipps/{id}/history": 0.2,
  "GET /users/{id}": 1,
  "GET /users/{id}/dwipps": 1,
  "GET /me/dwipps": 0.5,
  "GET /me/favorites": 0.5,
  "GET /me/notifications": 1,
  "PUT /me/notifications/read": 1,
  "POST /dwipps": 1,
  "PATCH /dwipps/{id}": 0.1,
  "DELETE /dwipps/{id}": 0.05,
  "PUT /dwipps/{id}/upvote": 10,
  "DELETE /dwipps/{id}/upvote": 1,
  "PUT /dwipps/{id}/favorite": 2,
  "DELETE /dwipps/{id}/favorite": 0.2,
};
export const PEOPLE = 1_000;
export const DAYS = 30;
/**
 * What a person's browser asks of the site in a day, from the bench's measurement: the day's first
 * visit with nothing cached (the scripts and styles come once a day), the others with what it
 * cached, and a client-side navigation for each Dwipp, profile and notifications page the usage
 * model opens.
 */
export function siteDay(site: SiteTraffic): Traffic {
  const usage = (route: string) => USAGE_PER_PERSON_DAY[route] ?? 0;
  const parts: [Traffic, number][] = [
    [site.coldVisit, 1],
    [site.warmVisit, VISITS_PER_DAY - 1],
    [site.toDwipp, usage("GET /dwipps/{id}")],
    [site.toProfile, usage("GET /users/{id}")],
    [site.toNotifications, usage("GET /me/notifications")],
  ];
  return parts.reduce(
    (day, [traffic, times]) => ({
      requests: day.requests + traffic.requests * times,
      bytes: day.bytes + traffic.bytes * times,
    }),
    { requests: 0, bytes: 0 },
  );
}
/** Each Dwipp with its indexes and rank item, and its share of votes and favorites, stored. */
const STORED_BYTES_PER_DWIPP = 3_000;

/** The function a route's variant runs in: `GET /dwipps?since (…)` in `GET /dwipps`'s. */
const functionOf = (route: string) => route.replace(/\?.*$/, "");

/**
 * The budget writes (ADR 0008) a request of `route` makes on average under the model: one for a
 * change; for a read, one per block of `READ_BLOCK` reads that a function's instance takes for a
 * person and minute. At 1,000 people each function's requests fit one warm instance, so a person
 * who reads a function at least once a minute while the tab is in view (its polls, spread evenly)
 * takes ceil(reads a minute / READ_BLOCK) blocks a minute from it; one who reads it less often
 * takes a block for each read.
 */
export function budgetWritesPerRequest(route: string): number {
  if (!route.startsWith("GET ")) return 1;
  const readsPerDay = Object.entries(USAGE_PER_PERSON_DAY)
    .filter(([other]) => functionOf(other) === functionOf(route))
    .reduce((sum, [, requests]) => sum + requests, 0);
  const perMinute = readsPerDay / ACTIVE_MINUTES;
  if (perMinute < 1) return 1;
  return (ACTIVE_MINUTES * Math.ceil(perMinute / READ_BLOCK)) / readsPerDay;
}

export interface Month {
  api: number;
  site: number;
  storage: number;
  /**
   * CloudWatch's share that no one request pays: the custom metrics the requests send, and the
   * stack's alarms.
   */
  monitoring: { metrics: number; alarms: number; price: number };
  total: number;
  /** The seed's design for its share of the model: feed pages, the live poll, posts and upvotes. */
  seedDesign: { total: number; feedPage: number };
}

export function monthFor(
  costs: RouteCost[],
  scan100k: { units: number; ms: number },
  site: SiteTraffic,
): Month {
  const requests = (route: string) => (USAGE_PER_PERSON_DAY[route] ?? 0) * PEOPLE * DAYS;
  let api = 0;
  for (const cost of costs) api += (requests(cost.route) * cost.perMillion) / 1e6;
  const day = siteDay(site);
  const sitePrice =
    PEOPLE *
    DAYS *
    (day.requests * PRICES.cloudfront.httpsRequest +
      (day.bytes / 1e9) * PRICES.cloudfront.transferGb);
  // Storage grows through the month: on average half of what it posts is there.
  const posts = requests("POST /dwipps");
  // Every table is kept by point-in-time recovery too (stacks/storage.ts), billed by its size.
  const storage =
    ((posts / 2) *
      STORED_BYTES_PER_DWIPP *
      (PRICES.dynamodb.storageGbMonth + PRICES.dynamodb.pointInTimeRecoveryGbMonth)) /
    1e9;
  // The seed's feed: every page and every poll reads the whole table, in a function that takes as
  // long as the Scan and logs what ours does; an upvote is an update of the Dwipp's voter list
  // (about what ours costs).
  const feedLogBytes = costs.find((cost) => cost.route === "GET /dwipps")?.logBytes ?? 0;
  const seedPage =
    PRICES.httpApiRequest +
    lambdaPrice(1, Math.ceil(scan100k.ms)) +
    unitsPrice(scan100k.units, 0) +
    logsPrice(feedLogBytes);
  const perMillion = (route: string) => costs.find((cost) => cost.route === route)?.perMillion ?? 0;
  const seedTotal =
    (requests("GET /dwipps") + requests("GET /dwipps?since (the live feed's poll)")) * seedPage +
    (requests("POST /dwipps") * perMillion("POST /dwipps")) / 1e6 +
    (requests("PUT /dwipps/{id}/upvote") * perMillion("PUT /dwipps/{id}/upvote")) / 1e6;
  // A metric costs the month for every hour it is sent in. Under the model every route is asked
  // within each hour (1,000 people's three visits spread over a day), so each metric that a
  // successful request sends is billed the whole month; the refused, unavailable and failed
  // counts only for the hours they happen in, which this leaves out.
  const metrics = new Set(
    costs.filter((cost) => requests(cost.route) > 0).flatMap((cost) => cost.metricSeries),
  ).size;
  const alarms = alarmSubjects.length;
  const monitoring = {
    metrics,
    alarms,
    price: metrics * PRICES.cloudwatch.metricMonth + alarms * PRICES.cloudwatch.alarmMonth,
  };
  return {
    api,
    site: sitePrice,
    storage,
    monitoring,
    total: api + sitePrice + storage + monitoring.price,
    seedDesign: { total: seedTotal, feedPage: seedPage },
  };
}
