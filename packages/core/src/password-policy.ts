// The password policy of the user pool, written once: the stack configures Cognito with it, the
// local cloud configures its pool with it (and applies it, as Cognito does), and the web app shows
// and checks it before asking Cognito.

export const passwordPolicy = {
  minLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
} as const;

/** The rules a password still breaks, in words, in the order the policy lists them. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < passwordPolicy.minLength) {
    problems.push(`at least ${passwordPolicy.minLength} characters`);
  }
  if (passwordPolicy.requireLowercase && !/[a-z]/.test(password))
    problems.push("a lowercase letter");
  if (passwordPolicy.requireUppercase && !/[A-Z]/.test(password))
    problems.push("an uppercase letter");
  if (passwordPolicy.requireNumbers && !/[0-9]/.test(password)) problems.push("a number");
  if (passwordPolicy.requireSymbols && !/[^A-Za-z0-9]/.test(password)) problems.push("a symbol");
  return problems;
}

export const passwordPolicyText = `At least ${passwordPolicy.minLength} characters, with a lowercase letter, an uppercase letter and a number.`;
