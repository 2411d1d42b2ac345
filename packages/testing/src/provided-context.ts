// What an integration or reliability run's global setup hands every test (vitest's
// provide/inject).

import type { StackInfo } from "@dwipper/local-cloud/local-cloud";
import type {} from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
    resourceEnvironment: Record<string, string>;
    /** Reliability runs only: where tests add their row of the summary table. */
    resultsFile?: string;
    /** Reliability runs only: POST /<dynamodb|cognito>/<stop|start> causes or ends an outage. */
    faultsUrl?: string;
  }
}
