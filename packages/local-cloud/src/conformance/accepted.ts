// The differences between Dwipper's engine and DynamoDB Local that the conformance suite accepts,
// each with why it cannot matter to Dwipper. A difference is accepted only where every path at
// which the two answers differ is one the rule names. docs/local-cloud.md summarises this list.
import type { Difference } from "./compare";

export interface Accepted {
  /** The steps it covers (their `what`). */
  steps: RegExp;
  /** The only places the answers may differ. */
  paths: RegExp;
  why: string;
}

export const accepted: Accepted[] = [
  {
    steps: /^(create the Dwipps table|table|a table with no index)$/,
    paths: /^\.body\.TableDescription\.(TableStatus|GlobalSecondaryIndexes\.\d+\.IndexStatus)$/,
    why: "A new table and its indexes answer CREATING, as on AWS; DynamoDB Local makes them ACTIVE at once. The local cloud waits for ACTIVE, as a deploy does.",
  },
  {
    steps:
      /^(an unknown table|a table created twice|a transaction on a missing table|a write to a missing table|the same token with other parameters)$/,
    paths: /^\.body\.message$/,
    why: 'Same error type and status, other words: dynalite and the engine use AWS\'s own wording ("Requested resource not found", "Table already exists: …"), DynamoDB Local its own or none. Dwipper branches on error types, never on messages.',
  },
  {
    steps:
      /^(26 in one batch|101 keys in one batch read|a key of the wrong type|a key attribute missing|a broken update expression|a Query limit of 0|a Query without the hash key|a limit over 1000)$/,
    paths: /^\.body\.message$/,
    why: "Same ValidationException, other words: the engine answers in AWS's \"1 validation error detected: …\" form or names the attribute, DynamoDB Local says it shorter. Only the type reaches Dwipper's code (as a 500 that the hostile-input tests show cannot happen, since the functions check input first).",
  },
  {
    steps: /^a batch read of all 50 leaves keys unprocessed$/,
    paths: /^\.(found|unprocessed)$/,
    why: "dynalite ends a batch read's answer at 1 MB (DynamoDB's first limit), AWS and DynamoDB Local at 16 MB: the engine leaves more keys unprocessed, never fewer. Dwipper's batch reads are 100 small items at most, and it reads unprocessed keys again.",
  },
];

/** The rule that explains a difference, if one does. */
export function explanation(difference: Difference): Accepted | undefined {
  return accepted.find(
    (rule) =>
      rule.steps.test(difference.step) && difference.paths.every((path) => rule.paths.test(path)),
  );
}
