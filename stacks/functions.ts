// How every function is built and run, whatever invokes it (a route, the stream, the user pool):
// small, arm64, bundled and minified on its own, linked only to what its definition names.
import {
  type FunctionDefinition,
  LAMBDA_ARCHITECTURE,
  LAMBDA_MEMORY_MB,
  LAMBDA_NODE_VERSION,
  LAMBDA_TIMEOUT_SECONDS,
} from "@dwipper/functions/routes";
import { links, tablePermissions } from "./storage";

/** `auth` is the pool's link, for the functions that check tokens themselves (public routes). */
export function lambdaArgs(
  definition: FunctionDefinition,
  auth?: sst.Linkable<Record<string, unknown>>,
) {
  return {
    handler: `packages/functions/src/${definition.file}.handler`,
    link: definition.links.map((link) => {
      if (link !== "Auth") return links[link];
      if (!auth) throw new Error(`${definition.file} links Auth, which is not given here.`);
      return auth;
    }),
    permissions: tablePermissions(definition.links, definition.writes, definition.readsOnly),
    runtime: `nodejs${LAMBDA_NODE_VERSION}.x` as const,
    architecture: LAMBDA_ARCHITECTURE,
    memory: `${LAMBDA_MEMORY_MB} MB` as const,
    timeout: `${LAMBDA_TIMEOUT_SECONDS} seconds` as const,
    // What a function imports dynamically (the SDK's credential providers but the environment's, a
    // public read's token checker) is a chunk of its own, compiled only when first needed (ADR 0025).
    nodejs: { minify: true, splitting: true },
    // Powertools: a JSON line for every request, and metrics in the embedded format.
    environment: { POWERTOOLS_LOG_LEVEL: "INFO" },
  };
}
