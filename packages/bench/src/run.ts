// `npm run bench`: Dwipper's performance figures on this machine, each beside a baseline measured
// in the same run, as ratios (absolute times on a shared machine are noise). Prints one table, and
// writes it with the breakdowns to .local/bench/results.json (kept out of the tree: the README's
// table is the record). `npm run bench -- P2 P3` measures only those. Not a test: it fails only
// when it could not measure.
import "@dwipper/local-cloud/quiet-sdk-notices";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { dwippKey } from "@dwipper/core/keys";
import { everyFunction, LAMBDA_MEMORY_MB } from "@dwipper/functions/routes";
import { cognitoClient, signIn } from "@dwipper/local-cloud/accounts";
import { apiGatewayEvent } from "@dwipper/local-cloud/api-event";
import { webEnvironment } from "@dwipper/local-cloud/dev/dev-stack";
import { SEED_PASSWORD, seed, seedEmail, seedPeople } from "@dwipper/local-cloud/dev/seed";
import { serveStaticSite } from "@dwipper/local-cloud/dev/static-site";
import { buildWebApp, webBuildDir } from "@dwipper/local-cloud/dev/web-build";
import { localhostCertificateFile } from "@dwipper/local-cloud/local-certificate";
import { type StackInfo, startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { repoRoot } from "@dwipper/local-cloud/repo-root";
import { securityHeaders } from "@dwipper/site/security-headers";
import { decodeJwt } from "jose";
import { withBenchPages } from "./bench-pages";
import { benchThrottle, useBenchBudgets } from "./bench-stage";
import { bundleFunction, describeAdded } from "./bundle";
import { describeColdStart, measureClientCreation, measureColdStarts } from "./cold-start";
import { measureLighthouse } from "./lighthouse";
import { lighthouseReport } from "./lighthouse-report";
import { monthFor, PEOPLE, siteDay } from "./month";
import { measurePageWeight } from "./page-weight";
import { PRICES } from "./prices";
import { untilQuiet } from "./quiet";
import { measureReadCost } from "./read-cost";
import { describeRequests } from "./request-plan";
import { measureRouteCosts } from "./route-cost";
import type { Row } from "./row";
import { measureSiteTraffic, type SiteTraffic, type Traffic } from "./site-traffic";
import { median, percentile, ratioInterval } from "./stats";
import { tlsFront } from "./tls-front";
import { measureWriteLatency } from "./write-latency";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/**
 * Lighthouse runs per page: Lighthouse's variability notes find the median of five runs about twice
 * as stable as one run; three left the signed-in phone's score ten points apart between runs here.
 */
const LIGHTHOUSE_RUNS = 5;

/**
 * P3's samples of each timing, after `WARM_UP` untimed: a p95 is then the 25th slowest, not the
 * 10th of 200, so a few slow moments of a shared two-core machine move it less.
 */
const WARM_UP = 20;
const TIMED = 500;

const only = process.argv.slice(2).filter((arg) => /^P\d+$/.test(arg));
const wanted = (id: string) => only.length === 0 || only.includes(id);

const claimsOf = (actor: { id: string; name: string }) => ({
  sub: actor.id,
  name: actor.name,
  token_use: "id",
});
/** One of the seed's people, signed in once to learn their id. */
async function seedPerson(stack: StackInfo, n: number) {
  const name = seedPeople[n] ?? "";
  const cognito = cognitoClient(stack);
  try {
    const { idToken } = await signIn(stack, cognito, seedEmail(name), SEED_PASSWORD);
    return { id: String(decodeJwt(idToken).sub), name };
  } finally {
    cognito.destroy();
  }
}

const apiEvent = (actor: { id: string; name: string }, routePath: string) =>
  apiGatewayEvent({ method: "GET", routePath, claims: claimsOf(actor) });

async function main() {
  const rows: Row[] = [];
  const breakdowns: string[] = [];
  const context: Record<string, unknown> = {};
  let siteTraffic: SiteTraffic | undefined;
  useBenchBudgets();
  // The site for P6 listens first, so its origin is the one the API admits; over TLS and HTTP/2,
  // as CloudFront serves it.
  const siteHeaders: Record<string, string> = {};
  const site = await serveStaticSite(webBuildDir, 0, siteHeaders, { secure: true });
  const cloud = await startLocalCloud({
    webUrl: site.url,
    stage: "bench",
    apiThrottle: benchThrottle,
  });
  try {
    const env = { ...process.env, ...cloud.resourceEnvironment };
    Object.assign(process.env, cloud.resourceEnvironment);
    console.log("Seeding 1,000 Dwipps…");
    await seed(cloud.stack, 1_000);
    await untilQuiet();
    const actor = { id: "bench-reader", name: "Bench Reader" };

    // P1: what a cold start of each function loads, against the least function this stack may
    // ship: one GetCommand with the observability every function carries (ADR 0027). The bare
    // GetCommand is beside it, so what Powertools costs stays a figure of its own.
    const baseline = await bundleFunction(
      path.join(repoRoot, "packages/bench/src/baseline-handler.ts"),
      "baseline",
    );
    const observed = await bundleFunction(
      path.join(repoRoot, "packages/bench/src/observed-baseline-handler.ts"),
      "observed-baseline",
    );
    const functions = await Promise.all(
      everyFunction.map(async (definition) => ({
        definition,
        bundle: await bundleFunction(
          path.join(repoRoot, "packages/functions/src", `${definition.file}.ts`),
          definition.file.replace("/", "-"),
        ),
      })),
    );
    rows.push({
      id: "P1",
      what: "bundle: the baseline with Powertools' logger and metrics vs one GetCommand bare",
      value: observed.bytes,
      baseline: baseline.bytes,
      unit: "bytes",
    });
    for (const { definition, bundle } of functions) {
      rows.push({
        id: "P1",
        what: `bundle ${definition.file}`,
        value: bundle.bytes,
        baseline: observed.bytes,
        unit: "bytes",
        target: 1.15,
      });
    }
    breakdowns.push(
      [
        "P1: what each function's bundle carries beyond the baseline's with Powertools",
        ...functions.map(
          ({ definition, bundle }) => `  ${definition.file}: ${describeAdded(bundle, observed)}`,
        ),
        `  (the baseline with Powertools against one GetCommand bare: ${describeAdded(observed, baseline)})`,
      ].join("\n"),
    );

    // P2: cold start of the feed function and of both baselines, median of 11 fresh processes each.
    const feed = functions.find((entry) => entry.definition.file === "http/list-feed");
    if (!feed) throw new Error("No feed function in the route table.");
    if (wanted("P2")) {
      // And the feed page's own requests, recorded from its source and sent bare by a function
      // bundled as the bare baseline is: what the page's requests cost a cold start, without the
      // function's code around them.
      const feedEvent = apiEvent(actor, "/dwipps");
      const { recordRequests } = await import("./dynamo-calls");
      const feedSource = (await import(
        path.join(repoRoot, "packages/functions/src/http/list-feed.ts")
      )) as { handler: Handler };
      const recorded = await recordRequests(feedSource.handler, feedEvent);
      const feedPlan = {
        after: recorded.after,
        commands: recorded.commands.map((command) => ({
          name: command.constructor.name,
          input: command.input,
        })),
      };
      const planFunction = await bundleFunction(
        path.join(repoRoot, "packages/bench/src/plan-handler.ts"),
        "plan",
      );
      const getNothing = { table: cloud.stack.dynamodb.tables.dwipps, key: dwippKey("none") };
      // DynamoDB answers over TLS only: every new connection of a cold start pays a handshake.
      const engine = await tlsFront(cloud.stack.dynamodb.endpoint);
      const [coldFeed, coldBase, coldObserved, coldPlan] = await measureColdStarts(
        [
          { file: feed.bundle.file, event: feedEvent },
          { file: baseline.file, event: getNothing },
          { file: observed.file, event: getNothing },
          { file: planFunction.file, event: feedPlan },
        ],
        {
          ...env,
          AWS_ENDPOINT_URL_DYNAMODB: engine.url,
          NODE_EXTRA_CA_CERTS: await localhostCertificateFile(),
        },
        11,
        engine.server,
      ).finally(() => new Promise((resolve) => engine.server.close(resolve)));
      if (!coldFeed || !coldBase || !coldObserved || !coldPlan) {
        throw new Error("No cold starts were measured.");
      }
      const creation = await bundleFunction(
        path.join(repoRoot, "packages/bench/src/client-creation-handler.ts"),
        "client-creation",
      );
      const clientCreationMs = await measureClientCreation(creation.file, env, 11);
      rows.push(
        {
          id: "P2",
          what: "cold start: import + first feed page, vs the baseline with Powertools",
          value: coldFeed.total,
          baseline: coldObserved.total,
          interval: ratioInterval(coldFeed.totals, coldObserved.totals, 50),
          unit: "ms",
          target: 1.2,
        },
        {
          id: "P2",
          what: "cold start: import + first feed page, vs one GetCommand bare",
          value: coldFeed.total,
          baseline: coldBase.total,
          unit: "ms",
        },
        {
          id: "P2",
          what: `cold start: the baseline with Powertools' logger and metrics (${observed.bytes} B) vs one GetCommand bare`,
          value: coldObserved.total,
          baseline: coldBase.total,
          unit: "ms",
        },
        {
          id: "P2",
          what: `cold start: the feed page's requests sent bare (${describeRequests(recorded)})`,
          value: coldPlan.total,
          baseline: coldBase.total,
          unit: "ms",
        },
        {
          id: "P2",
          what: "cold start: the feed function vs its page's requests sent bare",
          value: coldFeed.total,
          baseline: coldPlan.total,
          interval: ratioInterval(coldFeed.totals, coldPlan.totals, 50),
          unit: "ms",
        },
      );
      breakdowns.push(
        `Creating the functions' DynamoDB client (as core does, in a fresh process, the SDK loaded): ${clientCreationMs.toFixed(1)} ms, part of every module evaluation below.`,
        describeColdStart("The feed function", coldFeed),
        describeColdStart("The baseline (one GetCommand)", coldBase),
        describeColdStart("The baseline with Powertools", coldObserved),
        describeColdStart("The feed page's requests sent bare", coldPlan),
      );
      context.coldStart = {
        feed: coldFeed,
        baseline: coldBase,
        observed: coldObserved,
        requestsBare: coldPlan,
        clientCreationMs,
      };
    }

    // P3: warm answers through each list's bundled handler vs the same DynamoDB requests sent bare.
    if (wanted("P3")) {
      const { bareSender, recordWarmRequests } = await import("./dynamo-calls");
      const someone = await seedPerson(cloud.stack, 0);
      const lists = [
        { what: "feed page of 20 (signed out)", file: "http/list-feed", routePath: "/dwipps" },
        { what: "Top page of 20 (day)", file: "http/list-top", routePath: "/dwipps/top" },
        {
          what: "a profile's Dwipps, page of 20",
          file: "http/list-user-dwipps",
          routePath: "/users/{id}/dwipps",
          rawPath: `/users/${someone.id}/dwipps`,
          pathParameters: { id: someone.id },
        },
        { what: "own Dwipps, page of 20", file: "http/list-my-dwipps", routePath: "/me/dwipps" },
        {
          what: "favorites, page of 20",
          file: "http/list-my-favorites",
          routePath: "/me/favorites",
        },
        {
          what: "notifications, page of 20",
          file: "http/list-notifications",
          routePath: "/me/notifications",
        },
      ];
      const bare = bareSender();
      for (const list of lists) {
        const bundled = functions.find((entry) => entry.definition.file === list.file);
        if (!bundled) throw new Error(`No ${list.file} function in the route table.`);
        const event = apiGatewayEvent({ method: "GET", ...list, claims: claimsOf(someone) });
        const source = (await import(
          path.join(repoRoot, "packages/functions/src", `${list.file}.ts`)
        )) as { handler: Handler };
        const plan = await recordWarmRequests(
          source.handler,
          event,
          cloud.stack.dynamodb.tables.budgets,
        );
        const handler = ((await import(`file://${bundled.bundle.file}`)) as { handler: Handler })
          .handler;
        const warm: number[] = [];
        const warmBase: number[] = [];
        for (let i = 0; i < WARM_UP + TIMED; i++) {
          let t = performance.now();
          const response = await handler(event, {});
          if (response.statusCode !== 200) {
            throw new Error(`${list.file} answered ${response.statusCode}`);
          }
          if (i >= WARM_UP) warm.push(performance.now() - t);
          t = performance.now();
          await bare.send(plan);
          if (i >= WARM_UP) warmBase.push(performance.now() - t);
        }
        const requests = describeRequests(plan);
        rows.push(
          {
            id: "P3",
            what: `warm ${list.what} (${requests}), median`,
            value: median(warm),
            baseline: median(warmBase),
            interval: ratioInterval(warm, warmBase, 50),
            unit: "ms",
            target: 1.3,
          },
          {
            id: "P3",
            what: `warm ${list.what}, p95`,
            value: percentile(warm, 95),
            baseline: percentile(warmBase, 95),
            interval: ratioInterval(warm, warmBase, 95),
            unit: "ms",
            target: 1.3,
          },
        );
      }
      bare.destroy();

      console.log("Timing upvotes and favorites with and without notifications…");
      const writes = await measureWriteLatency(5, TIMED / 5);
      for (const kind of ["upvote", "favorite"] as const) {
        for (const [name, p] of [
          ["median", 50],
          ["p95", 95],
        ] as const) {
          rows.push({
            id: "P3",
            what: `${kind} through the API, ${name}, vs the stack without notifications`,
            value: percentile(writes.withNotifications[kind], p),
            baseline: percentile(writes.without[kind], p),
            interval: ratioInterval(writes.withNotifications[kind], writes.without[kind], p),
            unit: "ms",
            target: 1.1,
          });
        }
      }
    }

    // P6: Lighthouse on a phone on the feed signed out and signed in and on a profile (as a shared
    // link opens it), and on a desktop on the signed-in feed; the production build served as
    // CloudFront would serve it, and the API reached over TLS as API Gateway is.
    if (wanted("P6") || wanted("P8")) {
      console.log("Building the web app for Lighthouse and the site's traffic…");
      const api = await tlsFront(cloud.stack.apiUrl);
      const stack = { ...cloud.stack, apiUrl: api.url };
      Object.assign(
        siteHeaders,
        securityHeaders({ apiUrl: api.url, cognitoUrl: cloud.stack.cognito.endpoint }),
      );
      const reader = seedPeople[0] ?? "";
      const author = (await seedPerson(cloud.stack, 1)).id;
      const pages = [
        { name: "/ signed out, phone", path: "/", signedIn: false, preset: "mobile" },
        { name: "/ signed in, phone", path: "/", signedIn: true, preset: "mobile" },
        {
          name: "a profile, signed out, phone",
          path: `/user/?id=${encodeURIComponent(author)}`,
          signedIn: false,
          preset: "mobile",
        },
        { name: "/ signed in, desktop", path: "/", signedIn: true, preset: "desktop" },
      ] as const;
      // The floors: a page of the same build that paints a Dwipp's text once React has hydrated,
      // asking for nothing (no client-rendered page of this build paints sooner), and one whose
      // text is in the HTML (the most server rendering could give with this build's scripts).
      const floors = [
        { name: "the floor, phone", path: "/bench-floor/", signedIn: false, preset: "mobile" },
        {
          name: "text in the HTML, phone",
          path: "/bench-html-floor/",
          signedIn: false,
          preset: "mobile",
        },
      ] as const;
      const person = { email: seedEmail(reader), password: SEED_PASSWORD };
      const measured = await withBenchPages(["bench-floor", "bench-html-floor"], async () => {
        buildWebApp(webEnvironment(stack));
        // P8's site: what a signed-in person's browser asks of CloudFront.
        if (wanted("P8")) siteTraffic = await measureSiteTraffic(site.url, person);
        if (!wanted("P6")) return [];
        return measureLighthouse(site.url, person, [...pages, ...floors], LIGHTHOUSE_RUNS);
      }).finally(() => new Promise((resolve) => api.server.close(resolve)));
      if (siteTraffic) {
        const { coldVisit, warmVisit, toDwipp, toProfile, toNotifications } = siteTraffic;
        const said = (traffic: Traffic) =>
          `${traffic.requests} request${traffic.requests === 1 ? "" : "s"}, ${(traffic.bytes / 1000).toFixed(1)} kB`;
        const day = siteDay(siteTraffic);
        breakdowns.push(
          `P8's site, signed in, as CloudFront serves it: the feed with nothing cached ${said(coldVisit)}; again, with that cache ${said(warmVisit)}; then to a Dwipp's page ${said(toDwipp)}, a profile ${said(toProfile)}, the notifications ${said(toNotifications)}. A person's day under the model: ${said(day)}.`,
        );
        context.siteTraffic = siteTraffic;
      }
      if (wanted("P6")) {
        const [floor = [], textInHtml = []] = measured.slice(pages.length);
        const report = lighthouseReport(
          pages,
          measured.slice(0, pages.length),
          { floor, textInHtml },
          LIGHTHOUSE_RUNS,
        );
        breakdowns.push(...report.notes);
        rows.push(...report.rows);
      }
    }
  } finally {
    await new Promise((resolve) => site.server.close(resolve));
    await cloud.stop();
  }

  // P4: a page's read capacity and time with 1k vs 100k Dwipps in the table; P9: that capacity
  // against the least that could return the same data.
  if (wanted("P4") || wanted("P9") || wanted("P8")) {
    console.log("Measuring read cost at 1k and 100k Dwipps (the first run generates the data)…");
    const [small, large] = await measureReadCost([1_000, 100_000]);
    if (!small || !large) throw new Error("The read-cost measurement returned nothing.");
    const lists = [
      "feed",
      "mine",
      "favorites",
      "topDay",
      "topWeek",
      "topAll",
      "profile",
      "notifications",
    ];
    for (const list of lists) {
      const at = (cost: typeof small) =>
        cost.lists[list] ?? {
          units: Number.NaN,
          ms: Number.NaN,
          least: Number.NaN,
          items: 0,
          roundsMs: [],
        };
      if (wanted("P4")) {
        rows.push(
          {
            id: "P4",
            what: `${list} page, read capacity (100k vs 1k)`,
            value: at(large).units,
            baseline: at(small).units,
            unit: "RCU",
            target: 1.1,
          },
          {
            id: "P4",
            what: `${list} page, median time (100k vs 1k), the median of the rounds' ratios`,
            value: at(large).ms,
            baseline: at(small).ms,
            // Each round is a process of its own in which the two sizes take turns page by page,
            // so a round's ratio cancels what that round's machine was doing; the medians of each
            // size across rounds do not (a slow round at 100k meets a quick one at 1k).
            ratio: median(
              at(large).roundsMs.map((ms, round) => ms / (at(small).roundsMs[round] ?? Number.NaN)),
            ),
            unit: "ms",
            target: 1.1,
          },
        );
      }
      if (wanted("P9")) {
        rows.push({
          id: "P9",
          what: `${list} page of ${at(large).items}, read capacity vs one read of exactly its items (100k)`,
          value: at(large).units,
          baseline: at(large).least,
          unit: "RCU",
        });
      }
    }
    if (wanted("P8")) {
      console.log("Pricing every route…");
      const costs = await measureRouteCosts();
      if (!siteTraffic) throw new Error("P8 needs the site's traffic, measured with P6's build.");
      const month = monthFor(costs, large.scan, siteTraffic);
      const dollars = (n: number) => `$${n.toFixed(2)}`;
      breakdowns.push(
        [
          `P8: cost per million requests on AWS (${PRICES.region}, prices read ${PRICES.readOn}; functions at ${LAMBDA_MEMORY_MB} MB arm64)`,
          [
            "route",
            "billed ms",
            "read units",
            "write units",
            "budget writes (the model's average)",
            "set off (invocations, ms, RU, WU, publishes)",
            "log bytes",
            "metrics",
            "per million",
          ].join("\t"),
          ...costs.map((cost) =>
            [
              cost.route,
              cost.billedMs,
              cost.readUnits,
              cost.writeUnits,
              cost.budgetWrites.toFixed(2),
              `${cost.followUps.invocations}, ${cost.followUps.billedMs}, ${cost.followUps.readUnits}, ${cost.followUps.writeUnits}, ${cost.publishes}`,
              cost.logBytes,
              cost.metricSeries.length,
              dollars(cost.perMillion),
            ].join("\t"),
          ),
          `A month of ${PEOPLE.toLocaleString("en")} daily active people (the model in packages/bench/src/month.ts): API ${dollars(month.api)} (CloudWatch's logs included), site ${dollars(month.site)}, storage ${dollars(month.storage)}, CloudWatch's ${month.monitoring.metrics} custom metrics and ${month.monitoring.alarms} alarms ${dollars(month.monitoring.price)} (prices read ${PRICES.cloudwatch.readOn}): ${dollars(month.total)}.`,
          `The seed's design (a Scan of 100k Dwipps for every feed page and poll: ${dollars(month.seedDesign.feedPage * 1e6)} per million pages), for feed pages, polls, posts and upvotes alone: ${dollars(month.seedDesign.total)}.`,
        ].join("\n"),
      );
      context.routeCosts = costs;
      context.month = month;
    }
    const engine = (cost: typeof small) => cost.lists.engine?.ms ?? Number.NaN;
    context.scanFeed = { at1k: small.scan, at100k: large.scan };
    context.engineBatchRead = { at1k: engine(small), at100k: engine(large) };
    breakdowns.push(
      `For context, the naive design's feed (a Scan of the table): ${small.scan.units} RCU and ${small.scan.ms.toFixed(0)} ms at 1k, ${large.scan.units} RCU and ${large.scan.ms.toFixed(0)} ms at 100k.`,
      `The engine itself, for P4's times: a bare batch read of 20 Dwipps by key takes ${engine(small).toFixed(1)} ms at 1k and ${engine(large).toFixed(1)} ms at 100k (${(engine(large) / engine(small)).toFixed(2)}x).`,
    );
    if (wanted("P4")) {
      const byRound = (list: string) => {
        const at1k = small.lists[list]?.roundsMs ?? [];
        const at100k = large.lists[list]?.roundsMs ?? [];
        return at100k.map((ms, round) => `${(ms / (at1k[round] ?? Number.NaN)).toFixed(2)}x`);
      };
      breakdowns.push(
        [
          "P4's times round by round (100k vs 1k, each round's medians):",
          ...Object.keys(large.lists).map((list) => `  ${list}: ${byRound(list).join(", ")}`),
        ].join("\n"),
      );
    }
  }

  // P5: first-load JavaScript of the feed and the sign-in page against an empty page.
  if (wanted("P5")) {
    console.log("Building the web app for page weights…");
    const weights = await measurePageWeight();
    for (const page of ["/", "/login/"]) {
      rows.push({
        id: "P5",
        what: `first-load JavaScript of ${page}, gzip`,
        value: weights[page] ?? Number.NaN,
        baseline: weights.empty ?? Number.NaN,
        unit: "bytes",
        target: 1.2,
      });
    }
  }

  const table = rows.map((row) => {
    const ratio = row.ratio ?? row.value / row.baseline;
    const met =
      row.target === undefined ? null : row.atLeast ? ratio >= row.target : ratio <= row.target;
    // A target inside the interval is not told apart from the figure by this many samples.
    const withinNoise =
      row.target !== undefined &&
      row.interval !== undefined &&
      row.interval.low <= row.target &&
      row.target <= row.interval.high;
    return { ...row, ratio: Math.round(ratio * 100) / 100, met, withinNoise };
  });
  console.log("");
  console.log(["id", "what", "value", "baseline", "ratio", "target", "met"].join("\t"));
  for (const row of table) {
    const fmt = (n: number) =>
      row.unit === "ms" ? `${n.toFixed(1)} ms` : `${n} ${row.unit === "bytes" ? "B" : row.unit}`;
    console.log(
      [
        row.id,
        row.what,
        fmt(row.value),
        fmt(row.baseline),
        row.interval
          ? `${row.ratio}x (90%: ${row.interval.low.toFixed(2)}–${row.interval.high.toFixed(2)})`
          : `${row.ratio}x`,
        row.target === undefined ? "(a figure)" : `${row.atLeast ? "≥" : "≤"} ${row.target}x`,
        (row.met === null ? "" : row.met ? "yes" : "NO") +
          (row.withinNoise ? ", within its interval" : ""),
      ].join("\t"),
    );
  }
  if (breakdowns.length > 0) console.log(`\n${breakdowns.join("\n\n")}`);
  const resultsFile = path.join(repoRoot, ".local/bench/results.json");
  await mkdir(path.dirname(resultsFile), { recursive: true });
  await writeFile(
    resultsFile,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows: table, context }, null, 2)}\n`,
  );
  console.log(`\nWritten to ${path.relative(repoRoot, resultsFile)}`);
}

main().catch((error: unknown) => {
  console.error("The benchmark could not measure:", error);
  process.exit(1);
});
