// What the integration run's global setup hands every test (vitest's provide/inject).

import type {} from "vitest";
import type { StackInfo } from "../local-cloud";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
    resourceEnvironment: Record<string, string>;
  }
}
