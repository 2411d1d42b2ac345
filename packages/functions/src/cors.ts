// What a browser may send to the API and read from its answers: one definition for the stack's
// API Gateway (stacks/api.ts) and the local gateway, which must answer preflights alike.
export const API_CORS = {
  allowHeaders: ["authorization", "content-type"],
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  // A browser hides every answer header that is not a simple one unless it is named here. The web
  // app reads when to try again (`Retry-After`) and the server's clock (`Date`), since this
  // browser's may be an hour out.
  exposeHeaders: ["retry-after", "date"],
  maxAgeSeconds: 600,
} as const;
