// When to renew a session: a little before the ID token expires, in proportion to its lifetime
// (a fifth of it, at most five minutes), so a tab left open never sends an expired token.

export function refreshDelayMs(
  session: { issuedAt: number; expiresAt: number },
  nowMs: number,
): number {
  const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
  const margin = Math.min(300, lifetime / 5);
  return Math.max(0, (session.expiresAt - margin) * 1000 - nowMs);
}
