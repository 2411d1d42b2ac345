// A benchmark stage, as one would be on AWS: throttled at the account's default quota rather than
// the production stage's route throttles, and with per-person budgets far above what one person may
// do, since the bench is one person (or one address) doing a great deal.
export const benchThrottle = { rateLimit: 10_000, burstLimit: 5_000 };

export const benchBudgets = {
  DWIPPER_READS_PER_MINUTE: "1000000",
  DWIPPER_WRITES_PER_MINUTE: "1000000",
  DWIPPER_POSTS_PER_MINUTE: "1000000",
};

/** Gives this process's functions the bench's budgets. */
export function useBenchBudgets(): void {
  Object.assign(process.env, benchBudgets);
}
