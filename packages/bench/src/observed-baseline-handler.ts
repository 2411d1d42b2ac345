// The baseline P1's and P2's targets are measured against (ADR 0027): the baseline function (one
// GetCommand) with Dwipper's observability around it, as every function has it (Powertools' logger
// and metrics: the request's log line and its metrics), the least function this stack may ship.
// Beside the bare baseline, it also says what observability alone costs a cold start.
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
