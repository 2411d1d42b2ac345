// The HTTP API: one Lambda function per route of the shared route table, each behind the Cognito
// JWT authorizer and linked only to what its route uses.
import { type Link, routeKey, routes } from "../packages/functions/src/routes";
import { userPool, webClient } from "./auth";
import { cursorSecret, dwipps, favorites } from "./storage";

const linkables = {
  Dwipps: dwipps,
  Favorites: favorites,
  CursorSecret: cursorSecret,
} satisfies Record<Link, unknown>;

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    // Requests carry a bearer token, never cookies. Set DWIPPER_WEB_ORIGIN (e.g. a custom domain)
    // to admit only the web app.
    allowOrigins: [process.env.DWIPPER_WEB_ORIGIN ?? "*"],
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
  api.route(
    routeKey(route),
    {
      handler: `packages/functions/src/${route.file}.handler`,
      link: route.links.map((link) => linkables[link]),
      runtime: "nodejs22.x",
      architecture: "arm64",
      memory: "512 MB",
      timeout: "10 seconds",
      nodejs: { minify: true },
    },
    { auth: { jwt: { authorizer: authorizer.id } } },
  );
}
