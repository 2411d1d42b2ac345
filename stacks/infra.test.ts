// The infrastructure, deployed under Pulumi's mock runtime: what AWS would be asked to create, from
// the same program `npx sst deploy` runs. Any change to stacks/ that breaks a promise of the design
// (keys, indexes, stream, authorizer, routes, least privilege, the site) turns this red.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { passwordPolicy } from "@dwipper/core/password-policy";
import { NAME_MAX_LENGTH } from "@dwipper/core/person-name";
import { budgetsTable, dwippsTable, favoritesTable } from "@dwipper/core/table-definitions";
import { ACCESS_LOG_FIELDS, accessLogFormat } from "@dwipper/functions/access-log";
import { ALARM_PERIOD_SECONDS, alarmSubjects } from "@dwipper/functions/alarms";
import { API_CORS } from "@dwipper/functions/cors";
import {
  API_INTEGRATION_TIMEOUT_SECONDS,
  cognitoTriggers,
  defaultThrottle,
  everyFunction,
  FAILURE_RETENTION_SECONDS,
  FAILURE_VISIBILITY_SECONDS,
  type Link,
  routeKey,
  routes,
  streamSubscribers,
  topicDelivery,
  topicSubscribers,
} from "@dwipper/functions/routes";
import { NAME_SCHEMA } from "@dwipper/local-cloud/cognito-attributes";
import { USERNAME_CONFIGURATION } from "@dwipper/local-cloud/cognito-usernames";
import { cacheControlOf, PAGE, REVALIDATED } from "@dwipper/site/cache-control";
import { WEB_CLIENT_TOKEN_VALIDITY } from "@dwipper/site/web-client";
import { beforeAll, describe, expect, it } from "vitest";
import { type ReleasedTable, unreleasedChanges } from "./released-tables";
import { sitePages } from "./site-addresses";
import { readActions, writeActions } from "./table-access";
import {
  type MockDeploy,
  mockDeploy,
  type RecordedResource,
  repoRoot,
} from "./testing/mock-deploy";

let deploy: MockDeploy;

beforeAll(async () => {
  // As a deploy with no production email sender or alarm address named (infra-production.test.ts
  // names both).
  delete process.env.DWIPPER_EMAIL_FROM;
  delete process.env.DWIPPER_ALARM_EMAIL;
  deploy = await mockDeploy();
}, 300_000);

function ofType(type: string): RecordedResource[] {
  return deploy.resources.filter((resource) => resource.type === type);
}

/** The resource called `name`: its name in the program, or the name it gives AWS. */
function named(type: string, name: string): RecordedResource {
  const found = ofType(type).find(
    (resource) => resource.name === name || resource.inputs.name === name,
  );
  if (!found) throw new Error(`No ${type} named ${name}`);
  return found;
}

/** The resource whose mocked ARN is `arn` (the mock names ARNs after resources, or the name given). */
function byArn(type: string, arn: unknown): RecordedResource {
  return named(type, String(arn).split(":").at(-1)?.split("/")[0] ?? "");
}

interface PolicyStatement {
  Effect: string;
  Action: string[];
  Resource: string[];
}

function inlineStatements(role: RecordedResource): PolicyStatement[] {
  const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap((policy) => JSON.parse(policy.policy).Statement as PolicyStatement[]);
}

const functionsOf = () => ofType("aws:lambda/function:Function");

/** A table resource as the record of released tables writes it: its keys and its indexes. */
function releasedFormOf(table: RecordedResource): ReleasedTable {
  const inputs = table.inputs as {
    hashKey: string;
    rangeKey?: string;
    attributes: { name: string; type: "S" | "N" | "B" }[];
    globalSecondaryIndexes?: {
      name: string;
      hashKey: string;
      rangeKey?: string;
      projectionType: "ALL" | "KEYS_ONLY";
    }[];
  };
  return {
    hashKey: inputs.hashKey,
    ...(inputs.rangeKey ? { rangeKey: inputs.rangeKey } : {}),
    keyTypes: Object.fromEntries(inputs.attributes.map(({ name, type }) => [name, type])),
    indexes: Object.fromEntries(
      (inputs.globalSecondaryIndexes ?? []).map(({ name, hashKey, rangeKey, projectionType }) => [
        name,
        { hashKey, ...(rangeKey ? { rangeKey } : {}), projectionType },
      ]),
    ),
  };
}
const tableArn = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:${name}`;

it("runs to the end with nothing failing", () => {
  expect(deploy.errors).toEqual([]);
  expect(deploy.outputs).toEqual({
    web: expect.stringMatching(/^https:\/\//),
    api: expect.stringMatching(/^https:\/\//),
    userPoolId: expect.any(String),
    userPoolClientId: expect.any(String),
  });
});

describe("storage", () => {
  it.each([
    ["DwippsTableTable", dwippsTable],
    ["FavoritesTableTable", favoritesTable],
    ["BudgetsTableTable", budgetsTable],
  ] as const)("%s has the shared definition's keys and indexes", (name, definition) => {
    const table = named("aws:dynamodb/table:Table", name);
    expect(table.inputs).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      hashKey: definition.primaryIndex.hashKey,
      rangeKey: definition.primaryIndex.rangeKey,
    });
    expect(table.inputs.attributes).toEqual(
      Object.keys(definition.fields).map((field) => ({ name: field, type: "S" })),
    );
    expect(table.inputs.globalSecondaryIndexes ?? []).toEqual(
      Object.entries(definition.globalIndexes).map(([indexName, index]) => ({
        name: indexName,
        hashKey: index.hashKey,
        rangeKey: index.rangeKey,
        projectionType: "projection" in index ? "KEYS_ONLY" : "ALL",
      })),
    );
  });

  it("changes no released table's keys, nor a released index's keys or projection, and records what it adds (ADR 0046)", () => {
    const deployed = Object.fromEntries(
      ofType("aws:dynamodb/table:Table").map((table) => [table.name, releasedFormOf(table)]),
    );
    expect(unreleasedChanges(deployed)).toEqual([]);
  });

  it("keeps every table restorable to any second of the last 35 days; a stage not kept may delete them", () => {
    const tables = ofType("aws:dynamodb/table:Table");
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      expect(table.inputs.pointInTimeRecovery, table.name).toEqual({ enabled: true });
      expect(table.inputs.deletionProtectionEnabled, table.name).toBe(false);
    }
  });

  it("streams the Dwipps table's changes and expires its tombstones", () => {
    const dwipps = named("aws:dynamodb/table:Table", "DwippsTableTable");
    expect(dwipps.inputs).toMatchObject({
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      ttl: { attributeName: "expiresAt", enabled: true },
    });
    const favorites = named("aws:dynamodb/table:Table", "FavoritesTableTable");
    expect(favorites.inputs.streamEnabled).toBeFalsy();
  });

  it("keeps the budgets' counters without a stream, and lets them expire", () => {
    const budgets = named("aws:dynamodb/table:Table", "BudgetsTableTable");
    expect(budgets.inputs.streamEnabled).toBeFalsy();
    expect(budgets.inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
  });
});

describe("auth", () => {
  it("signs people in by email, with a name, the password policy and verified email", () => {
    const [pool] = ofType("aws:cognito/userPool:UserPool");
    expect(ofType("aws:cognito/userPool:UserPool")).toHaveLength(1);
    expect(pool?.inputs).toMatchObject({
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      // A developer's stage may be removed whole (a kept one may not: infra-production.test.ts).
      deletionProtection: "INACTIVE",
      passwordPolicy: {
        minimumLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireNumbers: passwordPolicy.requireNumbers,
        requireSymbols: passwordPolicy.requireSymbols,
      },
      verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE" },
      // A changed email waits for its code (ADR 0054); the local pool is built the same.
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
      // An email in any case is one person (SST's setting), as the local pool compares it.
      usernameConfiguration: { caseSensitive: USERNAME_CONFIGURATION.CaseSensitive },
    });
    // The local pool is built with the same bounds on the name (its NAME_SCHEMA).
    expect(pool?.inputs.schemas).toEqual([
      {
        name: NAME_SCHEMA.Name,
        attributeDataType: NAME_SCHEMA.AttributeDataType,
        required: NAME_SCHEMA.Required,
        mutable: NAME_SCHEMA.Mutable,
        stringAttributeConstraints: { minLength: "1", maxLength: String(NAME_MAX_LENGTH) },
      },
    ]);
    expect(NAME_SCHEMA.StringAttributeConstraints).toEqual({
      MinLength: "1",
      MaxLength: String(NAME_MAX_LENGTH),
    });
  });

  /** The function the pool invokes as `trigger`, checked to be built from `file` with Cognito's wait. */
  function poolTrigger(trigger: string, file: string) {
    const [pool] = ofType("aws:cognito/userPool:UserPool");
    const config = pool?.inputs.lambdaConfig as Record<string, unknown> | undefined;
    const fn = byArn("aws:lambda/function:Function", config?.[trigger]);
    const build = deploy.builds.find((entry) => `${entry.functionID}Function` === fn.name);
    expect(build?.handler).toBe(`packages/functions/src/${file}.handler`);
    // Cognito waits five seconds for a trigger.
    expect(fn.inputs.timeout).toBe(5);
    const permission = ofType("aws:lambda/permission:Permission").find(
      (entry) =>
        entry.inputs.principal === "cognito-idp.amazonaws.com" &&
        byArn("aws:lambda/function:Function", entry.inputs.function).name === fn.name,
    );
    expect(permission?.inputs).toMatchObject({ action: "lambda:InvokeFunction" });
    return fn;
  }

  it("invokes the two triggers the route table names, and no other", () => {
    const [pool] = ofType("aws:cognito/userPool:UserPool");
    expect(Object.keys(pool?.inputs.lambdaConfig ?? {}).sort()).toEqual(
      Object.keys(cognitoTriggers).sort(),
    );
  });

  it("refuses a name core's rule does not take with its pre-sign-up trigger, which touches no table", () => {
    const fn = poolTrigger("preSignUp", cognitoTriggers.preSignUp.file);
    expect(cognitoTriggers.preSignUp.links).toEqual([]);
    expect(JSON.stringify(fn.inputs.environment ?? {})).not.toMatch(/TABLE|Dwipps/i);
  });

  it("makes each confirmed person's profile with its post-confirmation trigger, which Cognito may invoke", () => {
    poolTrigger("postConfirmation", cognitoTriggers.postConfirmation.file);
  });

  it("gives the web app one public client: SRP and refresh only, existence errors prevented", () => {
    const clients = ofType("aws:cognito/userPoolClient:UserPoolClient");
    expect(clients).toHaveLength(1);
    expect(clients[0]?.inputs).toMatchObject({
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      generateSecret: false,
      preventUserExistenceErrors: "ENABLED",
    });
  });

  it("gives that client's tokens Cognito's default lifetimes, which the local pool's client takes", () => {
    const [client] = ofType("aws:cognito/userPoolClient:UserPoolClient");
    expect(client?.inputs).toMatchObject({
      idTokenValidity: 60,
      accessTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { idToken: "minutes", accessToken: "minutes", refreshToken: "days" },
    });
    expect(WEB_CLIENT_TOKEN_VALIDITY).toEqual({
      idTokenMinutes: client?.inputs.idTokenValidity,
      accessTokenMinutes: client?.inputs.accessTokenValidity,
      refreshTokenDays: client?.inputs.refreshTokenValidity,
    });
  });

  it("sends email with Cognito's own sender when no SES sender is named", () => {
    const [pool] = ofType("aws:cognito/userPool:UserPool");
    expect(pool?.inputs.emailConfiguration).toEqual({ emailSendingAccount: "COGNITO_DEFAULT" });
  });

  it("gives that client no OAuth flow and no callback, since there is no hosted sign-in", () => {
    const [client] = ofType("aws:cognito/userPoolClient:UserPoolClient");
    expect(client?.inputs.allowedOauthFlows ?? []).toEqual([]);
    expect(client?.inputs.allowedOauthFlowsUserPoolClient).not.toBe(true);
    expect(client?.inputs.callbackUrls ?? []).toEqual([]);
    expect(client?.inputs.allowedOauthScopes ?? []).toEqual([]);
    expect(ofType("aws:cognito/userPoolDomain:UserPoolDomain")).toEqual([]);
  });
});

describe("api", () => {
  it("has one JWT authorizer: the user pool as issuer, the web client as audience", () => {
    const authorizers = ofType("aws:apigatewayv2/authorizer:Authorizer");
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.inputs).toMatchObject({
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/UserPoolUserPool-id",
        audiences: ["WebClient-id"],
      },
    });
  });

  it("serves exactly the route table's routes, each signed-in one behind the authorizer", () => {
    const apiRoutes = ofType("aws:apigatewayv2/route:Route");
    expect(apiRoutes.map((route) => route.inputs.routeKey).sort()).toEqual(
      routes.map(routeKey).sort(),
    );
    const authorizer = ofType("aws:apigatewayv2/authorizer:Authorizer")[0];
    for (const route of apiRoutes) {
      const definition = routes.find((entry) => routeKey(entry) === route.inputs.routeKey);
      expect(route.inputs, String(route.inputs.routeKey)).toMatchObject(
        definition?.access === "public"
          ? { authorizationType: "NONE" }
          : { authorizationType: "JWT", authorizerId: `${authorizer?.name}-id` },
      );
    }
    expect(
      routes
        .filter((route) => route.access === "public")
        .map(routeKey)
        .sort(),
    ).toEqual([
      "GET /dwipps",
      "GET /dwipps/top",
      "GET /dwipps/{id}",
      "GET /dwipps/{id}/history",
      "GET /users/{id}",
      "GET /users/{id}/dwipps",
    ]);
  });

  it("tells each public route the pool it checks tokens against, the authorizer's own", () => {
    const authorizer = ofType("aws:apigatewayv2/authorizer:Authorizer")[0];
    const jwt = authorizer?.inputs.jwtConfiguration as { issuer: string; audiences: string[] };
    for (const route of routes.filter((entry) => entry.access === "public")) {
      const build = deploy.builds.find((entry) => entry.handler.endsWith(`/${route.file}.handler`));
      expect(build?.linked.Auth, route.file).toEqual({
        issuer: jwt.issuer,
        audience: jwt.audiences[0],
        type: "sst.sst.Linkable",
      });
    }
  });

  it("gives each route its own function, built from the route table's handler", () => {
    const seen = new Set<string>();
    for (const route of routes) {
      const apiRoute = ofType("aws:apigatewayv2/route:Route").find(
        (candidate) => candidate.inputs.routeKey === routeKey(route),
      );
      const integration = named(
        "aws:apigatewayv2/integration:Integration",
        String(apiRoute?.inputs.target)
          .replace(/^integrations\//, "")
          .replace(/-id$/, ""),
      );
      const fn = byArn("aws:lambda/function:Function", integration.inputs.integrationUri);
      // The local gateway gives up at the same moment (packages/local-cloud/src/gateway.ts).
      expect(integration.inputs.timeoutMilliseconds).toBe(API_INTEGRATION_TIMEOUT_SECONDS * 1000);
      expect(seen.has(fn.name), `${routeKey(route)} shares a function`).toBe(false);
      seen.add(fn.name);
      const build = deploy.builds.find((entry) => `${entry.functionID}Function` === fn.name);
      expect(build?.handler).toBe(`packages/functions/src/${route.file}.handler`);
    }
  });

  it("throttles each route as the route table sizes it, and any other by the most careful", () => {
    const [stage] = ofType("aws:apigatewayv2/stage:Stage");
    expect(stage?.inputs.defaultRouteSettings).toMatchObject({
      throttlingBurstLimit: defaultThrottle.burstLimit,
      throttlingRateLimit: defaultThrottle.rateLimit,
    });
    expect(stage?.inputs.routeSettings).toEqual(
      routes.map((route) => ({
        routeKey: routeKey(route),
        throttlingBurstLimit: route.throttle.burstLimit,
        throttlingRateLimit: route.throttle.rateLimit,
      })),
    );
    // Together they leave most of the account's 10,000 requests a second to its other stages.
    const total = routes.reduce((sum, route) => sum + route.throttle.rateLimit, 0);
    expect(total).toBeLessThanOrEqual(8_000);
  });

  it("logs each request at the gateway with nothing that leads to a person", () => {
    const [stage] = ofType("aws:apigatewayv2/stage:Stage");
    const settings = stage?.inputs.accessLogSettings as { destinationArn: string; format: string };
    expect(settings.format).toBe(accessLogFormat());
    expect(Object.keys(JSON.parse(settings.format))).toEqual(Object.keys(ACCESS_LOG_FIELDS));
    expect(settings.format).not.toMatch(/sourceIp|userAgent|\$context\.path/);
    expect(byArn("aws:cloudwatch/logGroup:LogGroup", settings.destinationArn).inputs).toMatchObject(
      { retentionInDays: 30 },
    );
  });

  it("admits browsers from the web app's origin only", () => {
    const [httpApi] = ofType("aws:apigatewayv2/api:Api");
    const cors = httpApi?.inputs.corsConfiguration as Record<string, unknown> | undefined;
    expect(cors?.allowOrigins).toEqual([deploy.outputs.web]);
    expect(cors?.allowCredentials).not.toBe(true);
    expect(cors?.allowHeaders).toEqual(expect.arrayContaining(["authorization", "content-type"]));
    // What the local gateway answers too: the page may read when to try again and the server's
    // clock, and nothing else beyond the simple headers.
    expect(cors?.exposeHeaders).toEqual(["retry-after", "date"]);
    expect(cors?.allowMethods).toEqual([...API_CORS.allowMethods]);
    expect(cors?.maxAge).toBe(API_CORS.maxAgeSeconds);
  });
});

describe("functions", () => {
  it("are Node 22 on arm64, minified, with bounded memory and time", () => {
    expect(functionsOf()).toHaveLength(everyFunction.length);
    for (const fn of functionsOf()) {
      expect(fn.inputs, fn.name).toMatchObject({
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        memorySize: 512,
        // The trigger has Cognito's five seconds (checked with the pool).
        timeout: fn.name.startsWith("UserPoolTrigger") ? 5 : 10,
        handler: "index.handler",
      });
    }
    expect(deploy.builds.every((build) => build.minify)).toBe(true);
    // Dynamic imports in chunks of their own, as the bench and the local cloud build them.
    expect(deploy.builds.every((build) => build.splitting)).toBe(true);
  });

  it("are bundled as SST's builder bundles an ESM function, as the bench and local cloud copy it", () => {
    // lambdaBuildOptions copies the builder's defaults for an ESM function (ES module builds of
    // packages first, names kept); a format or esbuild options set here would part them.
    expect(deploy.builds).toHaveLength(everyFunction.length);
    for (const build of deploy.builds) {
      expect(build.format ?? "esm", build.handler).toBe("esm");
      expect(build.esbuild ?? {}, build.handler).toEqual({});
    }
  });

  it("log every request through Powertools, as JSON, at info", () => {
    for (const fn of functionsOf()) {
      const variables = (fn.inputs.environment as { variables?: Record<string, string> })
        ?.variables;
      expect(variables?.POWERTOOLS_LOG_LEVEL, fn.name).toBe("INFO");
      expect(variables?.POWERTOOLS_DEV, fn.name).toBeUndefined();
      expect(variables?.POWERTOOLS_METRICS_DISABLED, fn.name).toBeUndefined();
    }
  });

  it("keep their environment within Lambda's 4 KB, which a deploy would refuse past", () => {
    // Lambda counts every variable's name and value; SST puts linked resources in an encrypted
    // file beside the code, so what is here is the stack's own settings and SST's key.
    for (const fn of functionsOf()) {
      const variables =
        (fn.inputs.environment as { variables?: Record<string, string> })?.variables ?? {};
      const size = Object.entries(variables).reduce(
        (total, [name, value]) =>
          total + Buffer.byteLength(name) + Buffer.byteLength(String(value)),
        0,
      );
      expect(Object.keys(variables).length, fn.name).toBeGreaterThan(0);
      expect(size, fn.name).toBeLessThanOrEqual(4 * 1024);
    }
  });

  it("are followed by their request ids, not traced with X-Ray (ADR 0038)", () => {
    // Active tracing would record about a trace a second at the month's traffic, and Powertools'
    // Tracer would weigh on every cold start: the ADR has the figures.
    for (const fn of functionsOf()) {
      const mode = (fn.inputs.tracingConfig as { mode?: string } | undefined)?.mode;
      expect(mode ?? "PassThrough", fn.name).toBe("PassThrough");
    }
  });

  it("find in `Resource` exactly what sst-env.d.ts declares", async () => {
    const linked = new Map<string, Record<string, unknown>>();
    for (const build of deploy.builds) {
      for (const [name, value] of Object.entries(build.linked)) linked.set(name, value);
    }
    const declared = new Map<string, { fields: string[]; type: string | undefined }>();
    const types = await readFile(path.join(repoRoot, "sst-env.d.ts"), "utf8");
    for (const [, name, body] of types.matchAll(/^ {4}(\w+): \{([^}]*)\};/gm)) {
      const fields = [...(body ?? "").matchAll(/(\w+): /g)].map((field) => field[1] ?? "");
      const type = /type: "([^"]+)"/.exec(body ?? "")?.[1];
      declared.set(name ?? "", { fields: fields.sort(), type });
    }
    expect([...declared.keys()].sort()).toEqual([...linked.keys()].sort());
    for (const [name, value] of linked) {
      expect(declared.get(name), name).toEqual({
        fields: Object.keys(value).sort(),
        type: value.type,
      });
    }
  });

  it("are linked to what their route uses and nothing else", () => {
    for (const definition of everyFunction) {
      const build = deploy.builds.find((entry) =>
        entry.handler.endsWith(`/${definition.file}.handler`),
      );
      expect(build?.links.sort(), definition.file).toEqual([...definition.links].sort());
    }
  });

  it("may read and write only their linked tables; read routes may not write", () => {
    const tableOf = {
      Dwipps: "DwippsTableTable",
      Favorites: "FavoritesTableTable",
      Budgets: "BudgetsTableTable",
      Notifications: "NotificationsTableTable",
    } as const;
    const streamReaders = new Set(
      streamSubscribers.flatMap((subscriber) => [
        subscriber.file,
        ...(subscriber.redrive ? [subscriber.redrive.file] : []),
      ]),
    );
    for (const definition of everyFunction) {
      const build = deploy.builds.find((entry) =>
        entry.handler.endsWith(`/${definition.file}.handler`),
      );
      const fn = named("aws:lambda/function:Function", `${build?.functionID}Function`);
      const statements = inlineStatements(byArn("aws:iam/role:Role", fn.inputs.role));
      const onStreams = (statement: PolicyStatement) =>
        statement.Resource.every((resource) => resource.includes("/stream/"));
      const tableStatements = statements.filter(
        (statement) =>
          !onStreams(statement) &&
          statement.Action.some((action) => action.startsWith("dynamodb:")),
      );
      // Only a stream subscriber reads a stream, and only reads it.
      const streamActions = statements.filter(onStreams).flatMap((statement) => statement.Action);
      expect(streamActions.every((action) => /^dynamodb:(Describe|Get|List)/.test(action))).toBe(
        true,
      );
      expect(streamActions.length > 0).toBe(streamReaders.has(definition.file));
      const expectedTables = definition.links.flatMap((link) =>
        link === "CursorSecret" || link === "Auth" || link === "Notices" ? [] : [tableOf[link]],
      );
      const readOnlyTables = (definition.readsOnly ?? []).map(
        (link: Link) => tableOf[link as keyof typeof tableOf],
      );
      // Only a function linked to the notices topic may publish, and only to it.
      const topicArn = `arn:aws:sns:us-east-1:123456789012:${named("aws:sns/topic:Topic", "NoticesTopic").name}`;
      const publishing = statements.filter((statement) => statement.Action.includes("sns:Publish"));
      expect(publishing.length, definition.file).toBe(definition.links.includes("Notices") ? 1 : 0);
      for (const statement of publishing) {
        expect(statement.Action).toEqual(["sns:Publish"]);
        expect(statement.Resource).toEqual([topicArn]);
      }
      expect(tableStatements, definition.file).toHaveLength(expectedTables.length);
      for (const [i, table] of expectedTables.entries()) {
        // The budgets: one counter a request, added to and never read, by every route alike.
        if (table === tableOf.Budgets) {
          expect(tableStatements[i]?.Resource).toEqual([tableArn(table)]);
          expect(tableStatements[i]?.Action).toEqual(["dynamodb:UpdateItem"]);
          continue;
        }
        expect(tableStatements[i]?.Resource).toEqual([
          tableArn(table),
          `${tableArn(table)}/index/*`,
        ]);
        expect(tableStatements[i]?.Action, `${definition.file} on ${table}`).toEqual(
          definition.writes && !readOnlyTables.includes(table) ? writeActions : readActions,
        );
      }
      // Every route spends from its caller's budget.
      expect(definition.links.includes("Budgets")).toBe("method" in definition);
      for (const statement of statements) expect(statement.Action).not.toContain("dynamodb:*");
    }
  });

  const mappings = () => ofType("aws:lambda/eventSourceMapping:EventSourceMapping");
  const handlerOf = (mapping: RecordedResource | undefined) => {
    const fn = byArn("aws:lambda/function:Function", mapping?.inputs.functionName);
    return deploy.builds.find((entry) => `${entry.functionID}Function` === fn.name)?.handler;
  };
  const streamMappings = () =>
    mappings().filter((mapping) => String(mapping.inputs.eventSourceArn).includes("/stream/"));
  const streamMapping = (file = "stream/follow-dwipps") =>
    streamMappings().find(
      (mapping) => handlerOf(mapping) === `packages/functions/src/${file}.handler`,
    );
  const patternsOf = (mapping: RecordedResource | undefined) =>
    (
      (mapping?.inputs.filterCriteria as { filters: { pattern: string }[] } | undefined)?.filters ??
      []
    ).map((filter) => JSON.parse(filter.pattern));

  it("subscribe two functions to the Dwipps stream: what follows a change, and the notices", () => {
    // Two stream subscriptions (DynamoDB's limit of readers per shard) and the one redrive.
    expect(streamMappings()).toHaveLength(2);
    expect(mappings()).toHaveLength(3);
    for (const mapping of streamMappings()) {
      expect(mapping.inputs.eventSourceArn).toBe(
        "arn:aws:dynamodb:us-east-1:123456789012:table/DwippsTableTable/stream/1",
      );
    }
    // Deletions, expired tombstones and Dwipps posted or changed: the very JSON the local poller
    // applies.
    const follow = patternsOf(streamMapping());
    expect(follow).toEqual([
      { eventName: ["MODIFY"], dynamodb: { NewImage: { deletedAt: { S: [{ exists: true }] } } } },
      { eventName: ["REMOVE"], dynamodb: { OldImage: { deletedAt: { S: [{ exists: true }] } } } },
      { eventName: ["INSERT", "MODIFY"], dynamodb: { NewImage: { sk: { S: ["DWIPP"] } } } },
    ]);
    expect(follow).toEqual(streamSubscribers[0]?.filters);
    // Upvotes and favorites set, and nothing else.
    const notices = patternsOf(streamMapping("stream/publish-notices"));
    expect(notices).toEqual([
      {
        eventName: ["INSERT"],
        dynamodb: { NewImage: { sk: { S: [{ prefix: "UPVOTE#" }, { prefix: "FAVORITE#" }] } } },
      },
    ]);
    expect(notices).toEqual(streamSubscribers[1]?.filters);
  });

  it("retry a notice for as long as the stream keeps it, and publish only from its subscriber", () => {
    expect(streamMapping("stream/publish-notices")?.inputs).toMatchObject({
      startingPosition: "TRIM_HORIZON",
      maximumRetryAttempts: -1,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    const publishers = everyFunction
      .filter((definition) => definition.links.includes("Notices"))
      .map((definition) => definition.file);
    expect(publishers).toEqual(["stream/publish-notices"]);
  });

  it("deliver the stream from its oldest record, retry a bounded number of times, split failing batches, take partial failures and send what fails to a queue", () => {
    const mapping = streamMapping();
    expect(mapping?.inputs).toMatchObject({
      startingPosition: "TRIM_HORIZON",
      maximumRetryAttempts: 4,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    const config = mapping?.inputs.destinationConfig as
      | { onFailure: { destinationArn: string } }
      | undefined;
    const destination = config?.onFailure.destinationArn;
    const queue = byArn("aws:sqs/queue:Queue", destination);
    expect(queue.inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
    // The subscriber may send to that queue (Lambda sends with its role), and to nothing else.
    const fn = byArn("aws:lambda/function:Function", mapping?.inputs.functionName);
    const sqsStatements = inlineStatements(byArn("aws:iam/role:Role", fn.inputs.role)).filter(
      (statement) => statement.Action.some((action) => action.startsWith("sqs:")),
    );
    expect(sqsStatements).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [destination] },
    ]);

    // The redrive drains that queue only when turned on, one message at a time.
    const redrive = mappings().find((entry) => entry.inputs.eventSourceArn === destination);
    expect(handlerOf(redrive)).toBe("packages/functions/src/stream/redrive-follow-dwipps.handler");
    // One message at a time: a message that fails is thrown and stays on the queue.
    expect(redrive?.inputs).toMatchObject({ enabled: false, batchSize: 1 });
    expect(redrive?.inputs.functionResponseTypes ?? []).toEqual([]);
    // It hides a message it is working on for as long as the local queue does, and for longer
    // than the redrive may run (Lambda refuses the subscription otherwise).
    expect(queue.inputs.visibilityTimeoutSeconds).toBe(FAILURE_VISIBILITY_SECONDS);
    const redriveFn = byArn("aws:lambda/function:Function", redrive?.inputs.functionName);
    expect(FAILURE_VISIBILITY_SECONDS).toBeGreaterThan(redriveFn.inputs.timeout as number);
  });
});

describe("web", () => {
  it("builds the static export with the stack's addresses", async () => {
    expect(ofType("sst:aws:StaticSite")).toHaveLength(1);
    const [builder] = ofType("command:local:Command");
    expect(builder?.inputs).toMatchObject({
      create: "npm run build",
      dir: path.join(repoRoot, "apps/web"),
      environment: {
        NEXT_PUBLIC_API_URL: deploy.outputs.api,
        NEXT_PUBLIC_USER_POOL_ID: deploy.outputs.userPoolId,
        NEXT_PUBLIC_USER_POOL_CLIENT_ID: deploy.outputs.userPoolClientId,
      },
    });
    // The build really ran: its scripts carry the API's address.
    const chunks = path.join(repoRoot, "apps/web/out/_next/static/chunks");
    const scripts = await Promise.all(
      (await readdir(chunks)).map((file) => readFile(path.join(chunks, file), "utf8")),
    );
    expect(scripts.some((script) => script.includes(String(deploy.outputs.api)))).toBe(true);
    // The local cloud's pages (the mailbox) are not part of a deploy's build.
    expect(existsSync(path.join(repoRoot, "apps/web/out/index.html"))).toBe(true);
    expect(existsSync(path.join(repoRoot, "apps/web/out/dev/mailbox/index.html"))).toBe(false);
  });

  it("uploads only the content-named assets as kept for a year, the pages' payloads revalidated", () => {
    const uploads = ofType("pulumi-nodejs:dynamic:Resource").filter((resource) =>
      resource.name.endsWith(".sst.aws.BucketFiles"),
    );
    expect(uploads).toHaveLength(1);
    const files = uploads[0]?.inputs.files as { key: string; cacheControl: string }[];
    const controlOf = new Map(files.map((file) => [file.key, file.cacheControl]));
    // SST's default would keep all but the pages for a year (ADR 0052).
    expect(controlOf.get("register/__next._tree.txt")).toBe(REVALIDATED);
    expect(controlOf.get("index.txt")).toBe(REVALIDATED);
    expect(controlOf.get("robots.txt")).toBe(REVALIDATED);
    expect(controlOf.get("index.html")).toBe(PAGE);
    const assets = files.filter((file) => file.key.startsWith("_next/static/"));
    expect(assets.length).toBeGreaterThan(10);
    // Every file as the local static server serves it.
    for (const { key, cacheControl } of files) expect(cacheControl, key).toBe(cacheControlOf(key));
  });

  /**
   * Where the front door sends a request for `uri`: the key-value entries the stack writes for its
   * CloudFront function and that function's own code, run together (ADR 0014, ADR 0035).
   */
  async function frontDoor(uri: string, querystring: Record<string, { value: string }> = {}) {
    const store = new Map<string, string>();
    for (const resource of ofType("pulumi-nodejs:dynamic:Resource")) {
      const inputs = resource.inputs as {
        namespace?: string;
        entries?: Record<string, string>;
        key?: string;
        entry?: string;
      };
      if (resource.name.endsWith(".sst.aws.KvKeys")) {
        for (const [key, value] of Object.entries(inputs.entries ?? {})) {
          store.set(`${inputs.namespace}:${key}`, String(value));
        }
      }
      if (resource.name.endsWith(".sst.aws.KvRoutesUpdate")) {
        store.set(`${inputs.namespace}:${inputs.key}`, JSON.stringify([inputs.entry]));
      }
    }
    const origins: unknown[] = [];
    const cf = {
      kvs: () => ({
        get: async (key: string) => {
          const value = store.get(key);
          if (value === undefined) throw new Error(`no ${key}`);
          return value;
        },
      }),
      updateRequestOrigin: (origin: unknown) => origins.push(origin),
    };
    const handler = cloudfrontHandler("FrontCloudfrontFunctionRequest", { cf }) as (
      event: unknown,
    ) => Promise<{ uri: string; querystring: Record<string, { value: string }> }>;
    const request = await handler({
      request: { uri, querystring, headers: { host: { value: "dwipper.example" } }, cookies: {} },
    });
    return { request, origins };
  }

  /** The front door's viewer-response function, on a 200 for `uri`: the status it sends. */
  async function frontDoorStatus(uri: string): Promise<number> {
    const handler = cloudfrontHandler("FrontCloudfrontFunctionResponse", {}) as (
      event: unknown,
    ) => Promise<{ statusCode: number }>;
    const response = await handler({
      request: { uri, querystring: {}, headers: {}, cookies: {} },
      response: { statusCode: 200, statusDescription: "OK", headers: {}, cookies: {} },
    });
    return response.statusCode;
  }

  /** A CloudFront function of the stack, its code run as CloudFront runs it (as a module). */
  function cloudfrontHandler(name: string, globals: Record<string, unknown>): unknown {
    const code = String(named("aws:cloudfront/function:Function", name).inputs.code);
    return runInNewContext(`${code.replace(/^import cf from "cloudfront";$/m, "")}\nhandler`, {
      ...globals,
      console,
    });
  }

  const toTheBucket = [
    expect.objectContaining({
      originAccessControlConfig: expect.objectContaining({ originType: "s3" }),
    }),
  ];

  it.each([
    ["/dwipp/", "dwipp"],
    ["/user/", "user"],
  ])(
    "routes a shared address (%s) to its page, as the front door's function does",
    async (uri, page) => {
      const id = "0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11";
      const { request, origins } = await frontDoor(uri, { id: { value: id } });
      expect(request.uri).toBe(`${uri}index.html`);
      expect(request.querystring).toEqual({ id: { value: id } });
      // To the site's bucket (its address is unknown to a mock deploy).
      expect(origins).toEqual(toTheBucket);
      // And the page is in what the site uploads.
      expect(existsSync(path.join(repoRoot, `apps/web/out/${page}/index.html`))).toBe(true);
      expect(await frontDoorStatus(uri)).toBe(200);
    },
  );

  it("routes every page the build has to that page", async () => {
    const out = path.join(repoRoot, "apps/web/out");
    const folders = (await readdir(out, { recursive: true }))
      .filter((file) => path.basename(file) === "index.html" && file !== "index.html")
      .map((file) => path.dirname(file).split(path.sep).join("/"))
      // Next.js's own copies of the 404 page.
      .filter((folder) => !["404", "_not-found"].includes(folder));
    expect(folders).toContain("settings");
    for (const folder of ["", ...folders]) {
      const uri = folder === "" ? "/" : `/${folder}/`;
      expect((await frontDoor(uri)).request.uri, uri).toBe(`${uri}index.html`);
    }
  });

  it("lets every file the build writes through the front door as itself", async () => {
    // The rule names the files Next.js writes for a page; a build that wrote others would see
    // them answered with the 404 page here first.
    const out = path.join(repoRoot, "apps/web/out");
    const files = (await readdir(out, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative(out, path.join(entry.parentPath, entry.name))}`)
      .map((file) => file.split(path.sep).join("/"))
      // Next.js's own copies of the 404 page, which no link names.
      .filter((file) => !/^\/(404|_not-found)(\/|\.html$)/.test(file));
    expect(files).toEqual(expect.arrayContaining(["/robots.txt", "/icon.svg", "/index.txt"]));
    for (const uri of files) {
      const { request, origins } = await frontDoor(uri);
      expect(request.uri, uri).toBe(uri);
      expect(origins, uri).toEqual(toTheBucket);
      expect(await frontDoorStatus(uri), uri).toBe(200);
    }
  });

  it("keeps crawlers off every page that asks to sign in", async () => {
    const robots = await readFile(path.join(repoRoot, "apps/web/out/robots.txt"), "utf8");
    const disallowed = robots
      .split("\n")
      .filter((line) => line.startsWith("Disallow: "))
      .map((line) => line.slice("Disallow: ".length));
    const app = path.join(repoRoot, "apps/web/src/app");
    const signedIn = [];
    for (const folder of sitePages(app)) {
      const source = await readFile(path.join(app, folder, "page.tsx"), "utf8");
      if (source.includes("<RequireAuth")) signedIn.push(folder);
    }
    expect(signedIn).toContain("notifications");
    for (const folder of signedIn) {
      expect(
        disallowed.some((prefix) => `/${folder}/`.startsWith(prefix)),
        folder,
      ).toBe(true);
    }
    // The public pages stay open to them.
    for (const open of ["/", "/user/", "/dwipp/"]) {
      expect(
        disallowed.some((prefix) => open.startsWith(prefix)),
        open,
      ).toBe(false);
    }
  });

  it.each([
    ["/nowhere"],
    ["/mess"],
    ["/user/nobody"],
    ["/dev/mailbox/"],
    ["/wp-login.php"],
    ["/user/nobody.txt"],
  ])(
    "answers %s, which is none of the site's pages, with the site's 404 page as a 404",
    async (uri) => {
      // Not the feed (SST's router would serve index.html), nor S3's refusal ("/mess" begins like
      // the "/me" folder, which SST's router sends to the bucket as "/mess/index.html").
      const { request, origins } = await frontDoor(uri);
      expect(request.uri).toBe("/404.html");
      expect(origins).toEqual(toTheBucket);
      expect(await frontDoorStatus(uri)).toBe(404);
      const page = await readFile(path.join(repoRoot, "apps/web/out/404.html"), "utf8");
      expect(page).toContain("Nothing here");
    },
  );

  it("keeps each CloudFront function within CloudFront's 10 KB for a function's code", () => {
    // AWS refuses a larger one at deploy time; the router's own code is already most of it.
    const functions = ofType("aws:cloudfront/function:Function");
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(Buffer.byteLength(String(fn.inputs.code)), fn.name).toBeLessThanOrEqual(10 * 1024);
    }
  });

  it("sends the security headers with every response, the strict policy included", () => {
    const code = ofType("aws:cloudfront/function:Function")
      .map((fn) => String(fn.inputs.code))
      .join("\n");
    expect(code).toContain('"content-security-policy"');
    expect(code).toContain("script-src 'self';");
    // The front exists before the API (the API admits the front's origin), so the policy names
    // the region's HTTP APIs rather than this one.
    expect(code).toContain(
      "connect-src 'self' https://*.execute-api.us-east-1.amazonaws.com https://cognito-idp.us-east-1.amazonaws.com;",
    );
    expect(code).toContain('"strict-transport-security"');
  });

  it("has no inline script left in the built pages", async () => {
    const html = await readFile(path.join(repoRoot, "apps/web/out/index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>[^<]+<\/script>/);
  });

  it("is served from S3 through the front door's CloudFront distribution", () => {
    expect(ofType("aws:s3/bucket:Bucket").length).toBeGreaterThan(0);
    const distributions = ofType("aws:cloudfront/distribution:Distribution");
    expect(distributions).toHaveLength(1);
    expect(deploy.outputs.web).toBe(`https://${distributions[0]?.name}.cloudfront.net`);
    expect(ofType("aws:s3/bucketObjectv2:BucketObjectv2").length).toBeGreaterThan(0);
  });
});

describe("the notices topic", () => {
  it("has one subscriber, the notifications function, retried twice and then sent to a queue", () => {
    const topic = named("aws:sns/topic:Topic", "NoticesTopic");
    const subscriptions = ofType("aws:sns/topicSubscription:TopicSubscription").filter(
      (entry) => byArn("aws:sns/topic:Topic", entry.inputs.topic).name === topic.name,
    );
    expect(subscriptions).toHaveLength(1);
    const subscription = subscriptions[0];
    expect(subscription?.inputs.protocol).toBe("lambda");
    const fn = byArn("aws:lambda/function:Function", subscription?.inputs.endpoint);
    const build = deploy.builds.find((entry) => `${entry.functionID}Function` === fn.name);
    expect(build?.handler).toBe("packages/functions/src/notices/notify.handler");
    // SNS may invoke it, from this topic only.
    const permission = ofType("aws:lambda/permission:Permission").find(
      (entry) => entry.inputs.principal === "sns.amazonaws.com",
    );
    expect(permission?.inputs.sourceArn).toBe(subscription?.inputs.topic);

    const config = ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").find(
      (entry) =>
        entry.inputs.functionName === fn.inputs.name || entry.inputs.functionName === fn.name,
    );
    expect(config?.inputs.maximumRetryAttempts).toBe(topicDelivery.retries);
    const destinations = config?.inputs.destinationConfig as
      | { onFailure: { destination: string } }
      | undefined;
    const destination = destinations?.onFailure.destination;
    const queue = byArn("aws:sqs/queue:Queue", destination);
    expect(queue.inputs.messageRetentionSeconds).toBe(14 * 24 * 3600);
    const sqsStatements = inlineStatements(byArn("aws:iam/role:Role", fn.inputs.role)).filter(
      (statement) => statement.Action.some((action) => action.startsWith("sqs:")),
    );
    expect(sqsStatements).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [destination] },
    ]);
  });
});

describe("alarms", () => {
  it("watches the API's 5xx answers, every failure queue and the pool's trigger, and tells the alarm topic", async () => {
    const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(alarmSubjects.length);
    const topicArn = `arn:aws:sns:us-east-1:123456789012:${named("aws:sns/topic:Topic", "AlarmsTopic").name}`;
    for (const alarm of alarms) {
      expect(alarm.inputs, alarm.name).toMatchObject({
        alarmActions: [topicArn],
        okActions: [topicArn],
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      });
    }

    const [httpApi] = ofType("aws:apigatewayv2/api:Api");
    const [stage] = ofType("aws:apigatewayv2/stage:Stage");
    expect(alarms.filter((alarm) => alarm.inputs.namespace === "AWS/ApiGateway")).toEqual([
      expect.objectContaining({
        inputs: expect.objectContaining({
          metricName: "5xx",
          statistic: "Sum",
          dimensions: { ApiId: `${httpApi?.name}-id`, Stage: stage?.inputs.name },
        }),
      }),
    ]);
    expect(stage?.inputs.name).toBe("$default");

    // The user pool's trigger, by its function's name.
    const trigger = named(
      "aws:lambda/function:Function",
      "UserPoolTriggerpostConfirmationFunction",
    );
    expect(alarms.filter((alarm) => alarm.inputs.namespace === "AWS/Lambda")).toEqual([
      expect.objectContaining({
        inputs: expect.objectContaining({
          metricName: "Errors",
          statistic: "Sum",
          dimensions: { FunctionName: trigger.inputs.name ?? trigger.name },
        }),
      }),
    ]);

    // Every queue a subscriber's failures go to, and nothing else.
    const failureQueues = ofType("aws:sqs/queue:Queue")
      .filter((queue) => queue.inputs.messageRetentionSeconds === FAILURE_RETENTION_SECONDS)
      .map((queue) => queue.inputs.name ?? queue.name);
    expect(failureQueues).toHaveLength(streamSubscribers.length + topicSubscribers.length);
    const watchedQueues = alarms
      .filter((alarm) => alarm.inputs.namespace === "AWS/SQS")
      .map((alarm) => {
        expect(alarm.inputs).toMatchObject({
          metricName: "ApproximateNumberOfMessagesVisible",
          statistic: "Maximum",
        });
        return (alarm.inputs.dimensions as { QueueName: string }).QueueName;
      });
    expect(watchedQueues.sort()).toEqual(failureQueues.sort());

    // The operators' guide says what to do about each.
    const guide = await readFile(path.join(repoRoot, "docs/operations.md"), "utf8");
    for (const alarm of alarms) expect(guide).toContain(`\`${alarm.name}\``);

    // Without an address to mail, the topic has no subscriber yet.
    const mailed = ofType("aws:sns/topicSubscription:TopicSubscription").filter(
      (entry) => entry.inputs.protocol === "email",
    );
    expect(mailed).toEqual([]);
  });
});
