// Why a session could not be renewed just now, in a module of its own so the API client can tell a
// person which it was without loading the Cognito module.

/**
 * Cognito could not answer a renewal now: the session is not over, only not renewed yet.
 * "unreachable": the network failed; "busy": Cognito throttled the request or failed itself.
 */
export class RenewalUnavailable extends Error {
  constructor(readonly reason: "unreachable" | "busy") {
    super(
      reason === "busy"
        ? "Cognito throttled or failed the renewal."
        : "Cognito could not be reached to renew the session.",
    );
  }
}
