// The HTTP API: one Lambda function per route of the shared route table, each behind the Cognito
// JWT authorizer and linked only to what its route uses; and the Dwipps stream's subscribers.
import {
  type FunctionDefinition,
  routeKey,
  routes,
  streamSubscribers,
} from "../packages/functions/src/routes";
import { userPool, webClient } from "./auth";
import { router } from "./router";
import { dwipps, links, tablePermissions } from "./storage";

/** How every function is built and run: small, arm64, bundled and minified on its own. */
function functionArgs(definition: FunctionDefinition) {
  return {
    handler: `packages/functions/src/${definition.file}.handler`,
    link: definition.links.map((link) => links[link]),
    permissions: tablePermissions(definition.links, definition.writes),
    runtime: "nodejs22.x" as const,
    architecture: "arm64" as const,
    memory: "512 MB" as const,
    timeout: "10 seconds" as const,
    nodejs: { minify: true },
  };
}

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    // Only the web app's pages may call the API from a browser. Requests carry a bearer token,
    // never cookies.
    allowOrigins: [router.url],
    allowHeaders: ["authorization", "content-type"],
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    maxAge: "10 minutes",
  },
  transform: {
    stage: (args) => {
      args.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    },
  },
});

const authorizer = api.addAuthorizer({
  name: "Cognito",
  jwt: {
    issuer: $interpolate`https://cognito-idp.${aws.getRegionOutput().region}.amazonaws.com/${userPool.id}`,
    audiences: [webClient.id],
  },
});

for (const route of routes) {
  api.route(routeKey(route), functionArgs(route), {
    auth: { jwt: { authorizer: authorizer.id } },
  });
}

const streamTables = { Dwipps: dwipps };

for (const subscriber of streamSubscribers) {
  streamTables[subscriber.table].subscribe(
    // "stream/cleanup-deleted" → "CleanupDeleted"
    (subscriber.file.split("/").at(-1) ?? subscriber.file).replace(
      /(?:^|-)(.)/g,
      (_, next: string) => next.toUpperCase(),
    ),
    functionArgs(subscriber),
    // Only deletions concern the cleanup: a Dwipp item that gained `deletedAt`.
    {
      filters: [
        { eventName: ["MODIFY"], dynamodb: { NewImage: { deletedAt: { S: [{ exists: true }] } } } },
      ],
    },
  );
}
