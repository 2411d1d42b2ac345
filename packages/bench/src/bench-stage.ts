// A benchmark stage, as one would be on AWS: throttled at the account's default quota rather than
// the production stage's route throttles, and with per-person budgets far above what one person may
// do, since the bench is one person (or one address) doing a great deal.
import { budgetSettings } from "@dwipper/core/budget";

export const benchThrottle = { rateLimit: 10_000, burstLimit: 5_000 };

export const benchBudgets = budgetSettings({
  reads: 1_000_000,
  writes: 1_000_000,
  posts: 1_000_000,
});

/** Gives this process's functions the bench's budgets. */
export function useBenchBudgets(): void {
  Object.assign(process.env, benchBudgets);
}
