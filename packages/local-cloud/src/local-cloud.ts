// Starts the whole offline stand-in for AWS in one call: the DynamoDB engine with Dwipper's tables,
// cognito-local with its pool, the mailbox, and the gateway serving the real handlers. `npm run dev`
// and the test suites use this same function; tests pass no data folder and get an isolated,
// throwaway instance on free ports, each chosen by the server that listens on it.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  budgetsTable,
  dwippsTable,
  favoritesTable,
  notificationsTable,
} from "@dwipper/core/table-definitions";
import {
  cognitoTriggers,
  FAILURE_RETENTION_SECONDS,
  FAILURE_VISIBILITY_SECONDS,
  streamSubscribers,
  type Throttle,
  topicDelivery,
  topicSubscribers,
} from "@dwipper/functions/routes";
import { BackgroundFunctions } from "./background-functions";
import { type CognitoLocal, startCognitoLocal } from "./cognito";
import { localCredentials, REGION } from "./credentials";
import {
  type DynamoDbSettings,
  dynamoDbSettings,
  ensureTable,
  type LocalDynamoDb,
  startDynamoDb,
} from "./dynamodb";
import { functionEnvironment, linkEnvironment } from "./function-environment";
import { startGateway } from "./gateway";
import { bundlesDir, HandlerBundles } from "./handler-bundles";
import { ConcurrencyLimit, concurrencySetting } from "./lambda-concurrency";
import { MAILBOX_PATH, Mailbox, mailboxPage } from "./mailbox";
import { poolTriggerRunner } from "./pool-triggers";
import { checkPorts } from "./ports";
import { startQueueService } from "./queue-service";
import { repoRoot } from "./repo-root";
import { scratchDir } from "./scratch-dir";
import { StreamPoller } from "./stream-poller";
import { startTopicService } from "./topic-service";

export { repoRoot } from "./repo-root";

export interface LocalCloudOptions {
  /** Where data is kept between runs; omitted: a temporary folder removed on stop, in-memory tables. */
  dataDir?: string;
  /** 0 picks a free port. */
  ports?: { api?: number; dynamodb?: number; cognito?: number };
  /** The web app's origin, the only one CORS lets in. */
  webUrl: string;
  /** More origins of the web app CORS lets in (a built site served beside the dev server). */
  extraWebOrigins?: string[];
  /** Rebuild handlers when their source changes (dev); tests build once. */
  watch?: boolean;
  /** Table name prefix, e.g. the stage. */
  stage?: string;
  /** Short-lived tokens, to see sessions refresh (e2e); Cognito's defaults otherwise. */
  tokenValiditySeconds?: number;
  /** The database engine and its behaviour; from the environment by default. */
  dynamodb?: DynamoDbSettings;
  /** Every route's throttle, in place of the route table's (for suites that measure load). */
  apiThrottle?: Throttle;
  /**
   * The share of stream batches and of notices delivered a second time, as Lambda and SNS may
   * (at least once): DUPLICATE_RATE unless set. The integration suite's cloud delivers every one
   * twice.
   */
  duplicateRate?: number;
  /**
   * The longest random wait before the topic delivers a notice, so notices overtake one another as
   * a standard topic's do: the topic's 200 ms unless set.
   */
  topicJitterMs?: number;
  /**
   * What the functions log: "readable", every request in Powertools' development format (`npm run
   * dev`); "errors", only failures, and no metrics (the tests, where thousands of requests run).
   */
  logs?: "readable" | "errors";
  /**
   * false: the stack as it was before notifications (no notice leaves the stream, the topic has no
   * subscriber), for the benchmark that shows what they add to an upvote. On unless given.
   */
  notifications?: boolean;
}

/** Powertools' settings for each way of logging (the stack sets AWS's: JSON, every request). */
const logSettings = {
  readable: { POWERTOOLS_DEV: "true", POWERTOOLS_LOG_LEVEL: "INFO" },
  errors: { POWERTOOLS_LOG_LEVEL: "ERROR", POWERTOOLS_METRICS_DISABLED: "true" },
} as const;

/** `.local/stack.json` (docs/api.md, "The local cloud's extras"): where each part listens. */
export interface StackInfo {
  webUrl: string;
  apiUrl: string;
  region: string;
  cognito: { endpoint: string; userPoolId: string; userPoolClientId: string };
  dynamodb: {
    endpoint: string;
    tables: { dwipps: string; favorites: string; budgets: string; notifications: string };
  };
  /**
   * Amazon SQS, locally: the queues where the stream's subscriber and the notices' subscriber put
   * what they gave up on.
   */
  queues: { endpoint: string; streamFailures: string; noticeFailures: string };
  /** Amazon SNS, locally, and the notices topic. */
  topics: { endpoint: string; notices: string };
  mailboxUrl: string;
}

export interface LocalCloud {
  stack: StackInfo;
  /** Which DynamoDB engine answers at `stack.dynamodb.endpoint`, in words. */
  dynamoDbEngine: string;
  /** The values SST links into functions (`SST_RESOURCE_*`), as the local functions see them. */
  resourceEnvironment: Record<string, string>;
  /** Outages on demand, for the reliability suite: each engine stops and starts on its port. */
  faults: {
    /** Stops the DynamoDB engine. Its data survives only in a cloud with a `dataDir`. */
    stopDynamoDb(): Promise<void>;
    startDynamoDb(): Promise<void>;
    /** Stops cognito-local, and with it sign-in and the token keys (JWKS). */
    stopCognito(): Promise<void>;
    startCognito(): Promise<void>;
  };
  stop(): Promise<void>;
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  return randomBytes(32).toString("hex");
}

/** Reports a repeating failure once, and again only when it changes or every 30 s. */
function quietly(report: (error: unknown) => void): (error: unknown) => void {
  let last = "";
  let at = 0;
  return (error) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (message === last && Date.now() - at < 30_000) return;
    last = message;
    at = Date.now();
    report(error);
  };
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const ephemeral = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await scratchDir(tmpdir(), "dwipper-cloud-"));
  await mkdir(dataDir, { recursive: true });
  const stage = options.stage ?? "local";

  const settings = options.dynamodb ?? dynamoDbSettings();
  // A port given by number must be free (said in words if not); 0 lets each server choose its own.
  const [apiPort, cognitoPort] = await checkPorts([
    { port: options.ports?.api ?? 0, what: "the local API", variable: "DWIPPER_API_PORT" },
    { port: options.ports?.cognito ?? 0, what: "cognito-local", variable: "DWIPPER_COGNITO_PORT" },
  ]);
  let [dynamoPort] = await checkPorts([
    {
      port: settings.endpoint ? 0 : (options.ports?.dynamodb ?? 0),
      what: "the DynamoDB engine",
      variable: "DWIPPER_DYNAMODB_PORT",
    },
  ]);
  let cognitoRestartPort = cognitoPort;

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
    if (ephemeral) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    // Every function runs from these bundles: the API's routes, the stream's and the topic's
    // subscribers and the pool's trigger.
    const bundles = new HandlerBundles(
      path.join(repoRoot, "packages/functions/src"),
      await bundlesDir(),
      options.watch ?? false,
    );
    stops.push(() => bundles.dispose());
    // The stream's and the topic's subscribers run in threads of their own, as on AWS in containers
    // of their own; the API's routes and the pool's triggers share one (ADR 0055).
    // Every function's invocations share the account's Lambda concurrency, as on AWS
    // (DWIPPER_LAMBDA_CONCURRENCY, or AWS's default).
    const concurrency = new ConcurrencyLimit(concurrencySetting());
    const background = new BackgroundFunctions(bundles, undefined, concurrency);
    stops.push(() => background.stop());
    const mailbox = new Mailbox(ephemeral ? null : path.join(dataDir, "mailbox.json"));
    stops.push(() => mailbox.flush());
    const startDynamo = async () => {
      const engine = await startDynamoDb(
        dynamoPort,
        ephemeral
          ? null
          : path.join(dataDir, settings.engine === "dwipper" ? "engine" : "dynamodb"),
        REGION,
        settings,
      );
      // Started again after an outage, it comes back where it was.
      dynamoPort = Number(new URL(engine.endpoint).port);
      return engine;
    };
    const runPoolTrigger = poolTriggerRunner(bundles, concurrency);
    const startCognito = async () => {
      const started = await startCognitoLocal(
        cognitoRestartPort,
        path.join(dataDir, "cognito"),
        REGION,
        mailbox,
        {
          tokenValiditySeconds: options.tokenValiditySeconds,
          poolTriggers: {
            preSignUp: (event) => runPoolTrigger(cognitoTriggers.preSignUp.file, event),
            postConfirmation: (event) =>
              runPoolTrigger(cognitoTriggers.postConfirmation.file, event),
          },
        },
      );
      cognitoRestartPort = Number(new URL(started.endpoint).port);
      return started;
    };
    let [dynamo, cognito]: [LocalDynamoDb, CognitoLocal] = await Promise.all([
      startDynamo(),
      startCognito(),
    ]);
    stops.push(
      () => dynamo.stop(),
      () => cognito.stop(),
    );

    const tables = {
      dwipps: `dwipper-${stage}-dwipps`,
      favorites: `dwipper-${stage}-favorites`,
      budgets: `dwipper-${stage}-budgets`,
      notifications: `dwipper-${stage}-notifications`,
    };
    await ensureTable(dynamo.client, tables.dwipps, dwippsTable);
    await ensureTable(dynamo.client, tables.favorites, favoritesTable);
    await ensureTable(dynamo.client, tables.budgets, budgetsTable);
    await ensureTable(dynamo.client, tables.notifications, notificationsTable);

    const queueService = await startQueueService({
      dataDir: ephemeral ? undefined : path.join(dataDir, "queues"),
    });
    stops.push(() => queueService.stop());
    // Kept as long as the stack keeps it (14 days), longer than the stream keeps the records.
    const streamFailures = queueService.createQueue(`dwipper-${stage}-stream-failures`, {
      retentionSeconds: FAILURE_RETENTION_SECONDS,
      visibilitySeconds: FAILURE_VISIBILITY_SECONDS,
    });
    const noticeFailures = queueService.createQueue(`dwipper-${stage}-notice-failures`, {
      retentionSeconds: FAILURE_RETENTION_SECONDS,
    });
    const topicService = await startTopicService({
      region: REGION,
      duplicateRate: options.duplicateRate,
      jitterMs: options.topicJitterMs,
    });
    stops.push(() => topicService.stop());
    const notices = topicService.createTopic(`dwipper-${stage}-notices`);
    const sqs = new SQSClient({
      endpoint: queueService.endpoint,
      region: REGION,
      credentials: localCredentials,
    });
    stops.push(async () => sqs.destroy());

    const secretFile = path.join(dataDir, "cursor-secret");
    const cursorSecret = readOrCreateSecret(secretFile);
    if (!ephemeral) await writeFile(secretFile, cursorSecret, { mode: 0o600 });

    // What `sst deploy` gives a function through links and the Lambda environment.
    const resourceEnvironment: Record<string, string> = {
      ...linkEnvironment(tables, {
        cursorSecret,
        app: { name: "dwipper", stage },
        auth: { issuer: cognito.issuer, audience: cognito.userPoolClientId },
        notices,
      }),
      ...logSettings[options.logs ?? "errors"],
      ...functionEnvironment({
        region: REGION,
        dynamodb: { endpoint: dynamo.endpoint, tables },
        queues: { endpoint: queueService.endpoint, streamFailures, noticeFailures },
        topics: { endpoint: topicService.endpoint, notices },
      }),
    };
    // The handlers' threads share this process's environment, so it is theirs.
    Object.assign(process.env, resourceEnvironment);

    const streams = new DynamoDBStreamsClient({
      endpoint: dynamo.endpoint,
      region: REGION,
      credentials: localCredentials,
    });
    stops.push(async () => streams.destroy());
    const tableNames = { Dwipps: tables.dwipps };
    // Without notifications, no notice leaves the stream: its subscriber is not run.
    const subscribers = streamSubscribers.filter(
      (subscriber) => options.notifications !== false || !subscriber.links.includes("Notices"),
    );
    for (const subscriber of subscribers) {
      const described = await dynamo.client.send(
        new DescribeTableCommand({ TableName: tableNames[subscriber.table] }),
      );
      const streamArn = described.Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`The ${subscriber.table} table has no stream.`);
      const poller = new StreamPoller({
        client: streams,
        streamArn,
        region: REGION,
        functionName: subscriber.file,
        handler: async () => background.handler(subscriber.file),
        // A cloud whose data is kept keeps its place in the stream too, as a deployed mapping
        // does: a restarted `npm run dev` does not deliver again what it delivered before.
        positionFile: ephemeral
          ? undefined
          : path.join(dataDir, "stream-positions", `${subscriber.file.replaceAll("/", "-")}.json`),
        filters: subscriber.filters,
        delivery: subscriber.delivery,
        duplicateRate: options.duplicateRate,
        onFailure: async (failure) => {
          console.error(
            `[stream] ${subscriber.file} gave up on ${failure.DDBStreamBatchInfo.batchSize} record(s); described in the failure queue`,
          );
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: streamFailures,
              MessageBody: JSON.stringify(failure),
            }),
          );
        },
        onError: quietly((error) =>
          console.error(`[stream] ${subscriber.file} failed; retrying:`, error),
        ),
      });
      poller.start();
      stops.push(() => poller.stop());
    }

    const topicArns = { Notices: notices };
    for (const subscriber of options.notifications === false ? [] : topicSubscribers) {
      topicService.subscribe(topicArns[subscriber.topic], {
        functionName: subscriber.file,
        invoke: (event) => background.handler(subscriber.file)(event, {}),
        retries: topicDelivery.retries,
        onFailure: async (record) => {
          console.error(
            `[sns] ${subscriber.file} failed a notice ${record.requestContext.approximateInvokeCount} times; described in its failure queue`,
          );
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: noticeFailures,
              MessageBody: JSON.stringify(record),
            }),
          );
        },
      });
    }

    const gateway = await startGateway({
      port: apiPort,
      webOrigins: [new URL(options.webUrl).origin, ...(options.extraWebOrigins ?? [])],
      issuer: cognito.issuer,
      jwksUrl: cognito.jwksUrl,
      audience: cognito.userPoolClientId,
      bundles,
      localPages: { [MAILBOX_PATH]: mailboxPage(mailbox) },
      throttle: options.apiThrottle,
      concurrency,
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          gateway.server.close(() => resolve());
          gateway.server.closeAllConnections();
        }),
    );

    return {
      stack: {
        webUrl: options.webUrl,
        apiUrl: gateway.url,
        region: REGION,
        cognito: {
          endpoint: cognito.endpoint,
          userPoolId: cognito.userPoolId,
          userPoolClientId: cognito.userPoolClientId,
        },
        dynamodb: { endpoint: dynamo.endpoint, tables },
        queues: { endpoint: queueService.endpoint, streamFailures, noticeFailures },
        topics: { endpoint: topicService.endpoint, notices },
        mailboxUrl: `${gateway.url}${MAILBOX_PATH}`,
      },
      dynamoDbEngine: dynamo.engine,
      resourceEnvironment,
      faults: {
        stopDynamoDb: () => dynamo.stop(),
        startDynamoDb: async () => {
          dynamo = await startDynamo();
        },
        stopCognito: () => cognito.stop(),
        startCognito: async () => {
          cognito = await startCognito();
        },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
