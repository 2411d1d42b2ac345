// Lambda's concurrency quota, which the local cloud keeps as AWS does: an account runs at most so
// many invocations at once in a Region, every function's together (1,000 by default; AWS gives a
// new account less until it has been used a while). Past it Lambda throttles an invocation without
// running any of it: API Gateway answers such a request 500 itself, while a stream's or a topic's
// invocation is tried again by Lambda until a slot is free. `DWIPPER_LAMBDA_CONCURRENCY` sets the
// quota, to see the app on a young account's.
import { SettingError } from "./settings";

/** An AWS account's default concurrent executions in a Region. */
export const ACCOUNT_CONCURRENCY = 1_000;

/** The quota the environment sets, or the default. */
export function concurrencySetting(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.DWIPPER_LAMBDA_CONCURRENCY;
  if (value === undefined || value === "") return ACCOUNT_CONCURRENCY;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SettingError(
      `DWIPPER_LAMBDA_CONCURRENCY must be a whole number of invocations, 1 or more; it is "${value}".`,
    );
  }
  return limit;
}

/**
 * At most `limit` invocations at once, the rest waiting or refused: the account's quota, or the
 * local bound on a subscriber's instances (background-functions.ts).
 */
export class ConcurrencyLimit {
  private running = 0;
  /** Invocations waiting for a slot, each handed one as another invocation ends. */
  private readonly waiting: ((release: () => void) => void)[] = [];

  constructor(readonly limit = ACCOUNT_CONCURRENCY) {}

  /** A slot for an invocation now, given back by calling it; undefined when Lambda throttles. */
  tryStart(): (() => void) | undefined {
    if (this.running >= this.limit) return undefined;
    this.running++;
    return this.slot();
  }

  /** A slot once one is free: an invocation Lambda tries again, however often it is throttled. */
  start(): Promise<() => void> {
    const now = this.tryStart();
    return now ? Promise.resolve(now) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private slot(): () => void {
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      if (next) next(this.slot());
      else this.running--;
    };
  }
}
