// The server's clock as this page knows it, from the `Date` of the API's answers, so that ages
// ("3 min. ago") and a just-posted Dwipp's time read right on a computer whose clock is out (an
// hour out is common: a time zone taken for UTC). Until an answer has come, the browser's clock.

/** Less than this apart is the header's whole seconds and the answer's travel, not a wrong clock. */
const NOISE_MS = 5_000;

let offsetMs = 0;

/** Takes the server's time from an answer's `Date` header, received at `receivedAtMs`. */
export function noteServerDate(date: string | null, receivedAtMs = Date.now()): void {
  const server = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(server)) return;
  const offset = server - receivedAtMs;
  offsetMs = Math.abs(offset) < NOISE_MS ? 0 : offset;
}

/** Now, in milliseconds since the epoch, on the server's clock as far as this page knows it. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}
