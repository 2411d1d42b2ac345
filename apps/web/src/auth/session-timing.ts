// When to renew a session: a little before the ID token expires, in proportion to its lifetime
// (a fifth of it, at most five minutes), so a tab left open never sends an expired token. The
// token's times are Cognito's clock; the browser's may run ahead or behind it (a computer set an
// hour out is common), so "now" is read on Cognito's clock, corrected by the drift the library
// measured when the tokens came.

export function refreshDelayMs(
  session: { issuedAt: number; expiresAt: number; clockDrift: number },
  nowMs: number,
): number {
  const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
  const margin = Math.min(300, lifetime / 5);
  const cognitoNowMs = nowMs - session.clockDrift * 1000;
  return Math.max(0, (session.expiresAt - margin) * 1000 - cognitoNowMs);
}
