// The one error model of the domain: every failure a caller can cause is one of these, and the
// edge (packages/functions) maps each code to exactly one HTTP status.

export type ErrorCode = "invalid_request" | "forbidden" | "not_found" | "conflict" | "rate_limited";

export class DwipperError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DwipperError {
  constructor(message: string) {
    super("invalid_request", message);
  }
}

export class Forbidden extends DwipperError {
  constructor(message = "You can only change your own Dwipps.") {
    super("forbidden", message);
  }
}

export class NotFound extends DwipperError {
  constructor(message = "No such Dwipp.") {
    super("not_found", message);
  }
}

export class Conflict extends DwipperError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** The caller spent their write budget; `retryAfter` is in seconds. */
export class RateLimited extends DwipperError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super("rate_limited", message);
  }
}
