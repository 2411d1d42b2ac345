// The HTTP API: one Lambda function per route of the shared route table, each behind the Cognito
// JWT authorizer (a public route checks a token itself) and linked only to what its route uses; the
// Dwipps stream's subscribers, each with its delivery rules from the route table, a failure queue
// and, where it has one, a redrive of that queue; and the notices topic's subscribers, each with
// a failure queue.
import { accessLogFormat } from "@dwipper/functions/access-log";
import { API_CORS } from "@dwipper/functions/cors";
import {
  API_INTEGRATION_TIMEOUT_SECONDS,
  defaultThrottle,
  FAILURE_RETENTION_SECONDS,
  FAILURE_VISIBILITY_SECONDS,
  type FunctionDefinition,
  routeKey,
  routes,
  streamSubscribers,
  topicDelivery,
  topicSubscribers,
} from "@dwipper/functions/routes";
import { authLink, issuer, webClient } from "./auth";
import { lambdaArgs } from "./functions";
import { webOrigins } from "./router";
import { dwipps, notices } from "./storage";

const functionArgs = (definition: FunctionDefinition) => lambdaArgs(definition, authLink);

// The routes are added once the API exists; the stage, which names each of them, is made after.
let routesAreAdded: (added: $util.Resource[]) => void = () => {};
const routesAdded = new Promise<$util.Resource[]>((resolve) => {
  routesAreAdded = resolve;
});

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    // Only the web app's pages may call the API from a browser (in dev mode, the dev site's too).
    // Requests carry a bearer token, never cookies.
    allowOrigins: webOrigins,
    allowHeaders: [...API_CORS.allowHeaders],
    allowMethods: [...API_CORS.allowMethods],
    exposeHeaders: [...API_CORS.exposeHeaders],
    maxAge: `${API_CORS.maxAgeSeconds} seconds`,
  },
  transform: {
    stage: (args, opts) => {
      // The access log says what the gateway alone knows, and nothing that leads to a person
      // (SST's default logs each caller's address and user agent).
      args.accessLogSettings = $output(args.accessLogSettings).apply((settings) => {
        if (!settings) throw new Error("SST gave the API's stage no access log.");
        return { destinationArn: settings.destinationArn, format: accessLogFormat() };
      });
      args.defaultRouteSettings = {
        throttlingBurstLimit: defaultThrottle.burstLimit,
        throttlingRateLimit: defaultThrottle.rateLimit,
      };
      args.routeSettings = routes.map((route) => ({
        routeKey: routeKey(route),
        throttlingBurstLimit: route.throttle.burstLimit,
        throttlingRateLimit: route.throttle.rateLimit,
      }));
      // API Gateway refuses settings for a route it does not have yet: the stage waits for them.
      opts.dependsOn = routesAdded;
    },
  },
});

const authorizer = api.addAuthorizer({
  name: "Cognito",
  jwt: {
    issuer,
    audiences: [webClient.id],
  },
});

routesAreAdded(
  routes.map((route) =>
    api.route(routeKey(route), functionArgs(route), {
      // A public route checks a token itself, when one is sent (ADR 0013).
      auth: route.access === "public" ? false : { jwt: { authorizer: authorizer.id } },
      transform: {
        integration: (args) => {
          args.timeoutMilliseconds = API_INTEGRATION_TIMEOUT_SECONDS * 1000;
        },
      },
    }),
  ),
);

/** Each subscriber's failure queue, by its function's file (stacks/alarms.ts watches them). */
export const failureQueues = new Map<string, sst.aws.Queue>();

const streamTables = { Dwipps: dwipps };

// "stream/follow-dwipps" → "FollowDwipps"
export const componentName = (file: string) =>
  (file.split("/").at(-1) ?? file).replace(/(?:^|-)(.)/g, (_, next: string) => next.toUpperCase());

for (const subscriber of streamSubscribers) {
  const name = componentName(subscriber.file);
  const table = streamTables[subscriber.table];
  // What the subscriber gives up on is described here, kept longer than the stream keeps records.
  const failures = new sst.aws.Queue(`${name}Failures`, {
    visibilityTimeout: `${FAILURE_VISIBILITY_SECONDS} seconds`,
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = FAILURE_RETENTION_SECONDS;
      },
    },
  });
  failureQueues.set(subscriber.file, failures);
  const base = functionArgs(subscriber);
  table.subscribe(
    name,
    {
      ...base,
      // Lambda sends the failure message with the function's own role.
      permissions: [
        ...base.permissions,
        { actions: ["sqs:SendMessage"], resources: [failures.arn] },
      ],
    },
    {
      filters: [...subscriber.filters],
      transform: {
        eventSourceMapping: (args) => {
          const { delivery } = subscriber;
          args.startingPosition = delivery.startingPosition;
          args.batchSize = delivery.batchSize;
          args.maximumRetryAttempts = delivery.maximumRetryAttempts;
          args.bisectBatchOnFunctionError = delivery.bisectBatchOnFunctionError;
          args.functionResponseTypes = delivery.reportBatchItemFailures
            ? ["ReportBatchItemFailures"]
            : [];
          args.destinationConfig = { onFailure: { destinationArn: failures.arn } };
        },
      },
    },
  );
  // The redrive reads the failed records back from the stream; its subscription stays off until an
  // operator turns it on to drain the queue (docs/operations.md).
  if (!subscriber.redrive) continue;
  const redrive = functionArgs(subscriber.redrive);
  failures.subscribe(
    {
      ...redrive,
      permissions: [
        ...redrive.permissions,
        {
          actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
          resources: [table.nodes.table.streamArn],
        },
      ],
    },
    {
      batch: { size: 1, partialResponses: false },
      transform: {
        eventSourceMapping: (args) => {
          args.enabled = false;
        },
      },
    },
  );
}

const topics = { Notices: notices };

// SNS invokes each topic subscriber asynchronously: Lambda retries a failed notice
// `topicDelivery.retries` times, then sends it, with the error, to the subscriber's failure queue.
for (const subscriber of topicSubscribers) {
  const name = componentName(subscriber.file);
  const failures = new sst.aws.Queue(`${name}Failures`, {
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = FAILURE_RETENTION_SECONDS;
      },
    },
  });
  failureQueues.set(subscriber.file, failures);
  const base = functionArgs(subscriber);
  topics[subscriber.topic].subscribe(name, {
    ...base,
    retries: topicDelivery.retries,
    // Lambda sends to the destination with the function's own role.
    permissions: [...base.permissions, { actions: ["sqs:SendMessage"], resources: [failures.arn] }],
    transform: {
      eventInvokeConfig: (args) => {
        args.destinationConfig = { onFailure: { destination: failures.arn } };
      },
    },
  });
}
