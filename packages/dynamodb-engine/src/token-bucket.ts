// The token bucket AWS keeps its request-rate limits with (API Gateway's throttles, Cognito's
// quotas, DynamoDB Streams' reads): it holds `burstLimit` tokens, refills at `rateLimit` a second,
// and a request takes one. One implementation, so that each of the local cloud's limits refills the
// same way; here, in the engine's package, which the rest of the local cloud builds on.

/** A request rate and the burst above it (the shape of an API Gateway throttle). */
export interface RateLimits {
  rateLimit: number;
  burstLimit: number;
}

/** A bucket on the clock `now` (milliseconds): true when a request may go, and takes its token. */
export function tokenBucket(limits: RateLimits, now: () => number = Date.now) {
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

/** A bucket of `rate` requests a second that holds a second's worth. */
export const perSecond = (rate: number, now: () => number = Date.now) =>
  tokenBucket({ rateLimit: rate, burstLimit: rate }, now);
