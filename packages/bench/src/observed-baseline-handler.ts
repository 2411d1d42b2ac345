// P2's second reference: the baseline function (one GetCommand) with Dwipper's observability around
// it, as every function has it (Powertools' logger and metrics: the request's log line and its
// metrics). A cold start's distance from the baseline then splits into what observability costs and
// what the function's own work adds.
import { beginInvocation, recordRequest } from "@dwipper/functions/observability";
import type { Context } from "aws-lambda";
import { handler as getOne } from "./baseline-handler";

export const handler = async (event: Parameters<typeof getOne>[0], context?: Context) => {
  const started = performance.now();
  beginInvocation(context);
  const result = await getOne(event);
  recordRequest({
    requestId: context?.awsRequestId ?? "baseline",
    route: "GET /baseline",
    caller: undefined,
    result,
    latencyMs: performance.now() - started,
  });
  return result;
};
