// The context Lambda hands a function with each invocation, as the local runtimes hand it: the
// function's names and the request's id (which Powertools' logger adds to every line), and the
// invocation's clock (`getRemainingTimeInMillis`), by which a function ends its retries before its
// timeout. A function's thread, which cannot be sent functions, is sent the data below and makes
// the context from it there (function-host-thread.ts).

import { LAMBDA_MEMORY_MB } from "@dwipper/functions/routes";
import type { Context } from "aws-lambda";
import { LOCAL_ACCOUNT, REGION } from "./credentials";

/** What of a context crosses to a thread: plain data, the invocation's end included. */
export interface ContextData {
  functionName: string;
  awsRequestId: string;
  /** When the invocation's timeout ends, in ms since the epoch. */
  deadline: number;
}

const legacyCallback = () => {
  throw new Error("Dwipper's functions answer by returning, not through the context's callbacks.");
};

export function lambdaContext({ functionName, awsRequestId, deadline }: ContextData): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: String(LAMBDA_MEMORY_MB),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacyCallback,
    fail: legacyCallback,
    succeed: legacyCallback,
  };
}
