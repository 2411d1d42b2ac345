// Core checks what it is given, whoever calls it (a route's handler, the seed, a script): input
// that its schema refuses is an `Invalid` naming the first problem, before anything is read or
// written.
import * as v from "valibot";
import { Invalid } from "./error";

function firstIssue(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const [issue] = issues;
  const path = v.getDotPath(issue);
  if (path && issue.received === "undefined") return `"${path}" is required.`;
  // A strict object reports a key it does not know as one that should never be there.
  if (path && issue.type === "strict_object" && issue.expected === "never") {
    return `Unknown field "${path}".`;
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}

export function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new Invalid(firstIssue(result.issues));
  return result.output;
}
