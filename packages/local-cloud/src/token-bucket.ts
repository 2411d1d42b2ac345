// The token bucket AWS keeps its request-rate limits with (API Gateway's throttles, Cognito's
// quotas): it holds `burstLimit` tokens, refills at `rateLimit` a second, and a request takes one.
// One implementation, so that each of the local cloud's limits refills the same way.
import type { Throttle } from "@dwipper/functions/routes";

/** A bucket on the clock `now` (milliseconds): true when a request may go, and takes its token. */
export function tokenBucket(limits: Throttle, now: () => number = Date.now) {
  let tokens = limits.burstLimit;
  let at = now();
  return (): boolean => {
    const time = now();
    tokens = Math.min(limits.burstLimit, tokens + ((time - at) / 1000) * limits.rateLimit);
    at = time;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };
}
