// The month's model of budget writes (one per change, one per block of reads a function's instance
// takes for a person and minute) and of the custom metrics it pays for whatever the traffic.
import { READ_BLOCK } from "@dwipper/core/budget";
import { alarmSubjects } from "@dwipper/functions/alarms";
import { describe, expect, it } from "vitest";
import {
  ACTIVE_MINUTES,
  budgetWritesPerRequest,
  DAYS,
  monthFor,
  PEOPLE,
  siteDay,
  USAGE_PER_PERSON_DAY,
  VISITS_PER_DAY,
} from "./month";
import { logsPrice, PRICES } from "./prices";
import type { RouteCost } from "./route-cost";
import type { SiteTraffic } from "./site-traffic";

describe("budgetWritesPerRequest", () => {
  it("counts one write for every change", () => {
    expect(budgetWritesPerRequest("POST /dwipps")).toBe(1);
    expect(budgetWritesPerRequest("PUT /me/notifications/read")).toBe(1);
  });

  it("counts one write for a read made less than once a minute", () => {
    expect(budgetWritesPerRequest("GET /dwipps/top")).toBe(1);
  });

  it("shares a block a minute among a polled function's reads, its variants' included", () => {
    const feedReads =
      (USAGE_PER_PERSON_DAY["GET /dwipps"] ?? 0) +
      (USAGE_PER_PERSON_DAY["GET /dwipps?since (the live feed's poll)"] ?? 0);
    // Every 8 s and three pages a visit: 8.1 reads a minute, one block of READ_BLOCK a minute.
    expect(feedReads / ACTIVE_MINUTES).toBeLessThan(READ_BLOCK);
    const perRead = ACTIVE_MINUTES / feedReads;
    expect(budgetWritesPerRequest("GET /dwipps")).toBeCloseTo(perRead);
    expect(budgetWritesPerRequest("GET /dwipps?since (the live feed's poll)")).toBeCloseTo(perRead);
  });
});

/** A route's measured cost, as small as it can be but for what a test sets. */
const cost = (route: string, measured: Partial<RouteCost> = {}): RouteCost => ({
  route,
  billedMs: 1,
  readUnits: 1,
  writeUnits: 0,
  budgetWrites: 0,
  followUps: { invocations: 0, billedMs: 0, readUnits: 0, writeUnits: 0 },
  publishes: 0,
  logBytes: 0,
  metricSeries: [],
  perMillion: 1,
  ...measured,
});

/** A site measured as asking nothing. */
const nothing = { requests: 0, bytes: 0 };
const quietSite: SiteTraffic = {
  coldVisit: nothing,
  warmVisit: nothing,
  toDwipp: nothing,
  toProfile: nothing,
  toNotifications: nothing,
};

describe("siteDay", () => {
  it("counts one cold visit, the day's other visits warm, and a navigation per page opened", () => {
    const day = siteDay({
      coldVisit: { requests: 30, bytes: 300_000 },
      warmVisit: { requests: 12, bytes: 20_000 },
      toDwipp: { requests: 3, bytes: 3_000 },
      toProfile: { requests: 2, bytes: 2_000 },
      toNotifications: { requests: 1, bytes: 1_000 },
    });
    const opened = (route: string) => USAGE_PER_PERSON_DAY[route] ?? 0;
    const navigations =
      3 * opened("GET /dwipps/{id}") +
      2 * opened("GET /users/{id}") +
      opened("GET /me/notifications");
    expect(navigations).toBeGreaterThan(0);
    expect(day.requests).toBe(30 + 12 * (VISITS_PER_DAY - 1) + navigations);
    expect(day.bytes).toBe(300_000 + 20_000 * (VISITS_PER_DAY - 1) + 1_000 * navigations);
  });

  it("is what monthFor prices for the site: CloudFront's requests and bytes out", () => {
    const site = { ...quietSite, coldVisit: { requests: 10, bytes: 1e6 } };
    const month = monthFor([], { units: 1, ms: 1 }, site);
    expect(month.site).toBeCloseTo(
      PEOPLE * DAYS * (10 * PRICES.cloudfront.httpsRequest + 1e-3 * PRICES.cloudfront.transferGb),
    );
  });
});

describe("monthFor's metrics", () => {
  it("bills each metric the model's requests send once for the month, and each alarm", () => {
    const month = monthFor(
      [
        cost("GET /dwipps", {
          metricSeries: ["D/requests{route=GET /dwipps}", "D/ok{route=GET /dwipps}"],
        }),
        cost("GET /dwipps?since (the live feed's poll)", {
          metricSeries: ["D/requests{route=GET /dwipps}"],
        }),
        cost("GET /nowhere (asked by no one)", {
          metricSeries: ["D/requests{route=GET /nowhere}"],
        }),
      ],
      { units: 1, ms: 1 },
      quietSite,
    );
    expect(month.monitoring).toEqual({
      metrics: 2,
      alarms: alarmSubjects.length,
      price:
        2 * PRICES.cloudwatch.metricMonth + alarmSubjects.length * PRICES.cloudwatch.alarmMonth,
    });
    expect(month.total).toBeCloseTo(
      month.api + month.site + month.storage + month.monitoring.price,
    );
  });
});

describe("monthFor's seed design", () => {
  it("prices each Scan page with the logs a feed page writes", () => {
    const scan = { units: 8_000, ms: 3_000 };
    const quiet = monthFor([cost("GET /dwipps")], scan, quietSite).seedDesign.feedPage;
    const logged = monthFor([cost("GET /dwipps", { logBytes: 1_000 })], scan, quietSite).seedDesign
      .feedPage;
    expect(logged - quiet).toBeCloseTo(logsPrice(1_000), 12);
  });
});
