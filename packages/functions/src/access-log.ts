// The API stage's access log: one line API Gateway writes for every request, the ones no function
// sees included (its own 401s, 429s and 404s, and a function that ran out of time). It holds what
// the gateway alone knows and nothing that leads to a person: no address, no user agent, no path
// (a path can hold a person's id; the route key cannot). The stack sets it (stacks/api.ts), in
// place of SST's default, which logs each caller's address and user agent.

/** Each field of the line and the `$context` variable API Gateway writes into it. */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  time: "$context.requestTimeEpoch",
  routeKey: "$context.routeKey",
  status: "$context.status",
  latency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  /** Why the gateway answered itself: "Unauthorized", "Too Many Requests", "Not Found"… */
  error: "$context.error.message",
  /** Why invoking the function failed, such as its timeout. */
  integrationError: "$context.integration.error",
} as const;

/**
 * The stage's `format`: a JSON object whose every value is quoted, since API Gateway writes "-" for
 * a value it does not have, and an unquoted "-" would not be JSON.
 */
export const accessLogFormat = (): string =>
  `{${Object.entries(ACCESS_LOG_FIELDS)
    .map(([field, variable]) => `"${field}":"${variable}"`)
    .join(",")}}`;
