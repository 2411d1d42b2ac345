// Core checks what it is given, whoever calls it (a route's handler, the seed, a script): input
// that its schema refuses is an `Invalid` naming the first problem, before anything is read or
// written.
import * as v from "valibot";
import { Invalid } from "./error";

function firstIssue(
  issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]],
  name: string | undefined,
): string {
  const [issue] = issues;
  const path = v.getDotPath(issue) ?? name;
  if (path && issue.received === "undefined") return `"${path}" is required.`;
  // A strict object reports a key it does not know as one that should never be there.
  if (path && issue.type === "strict_object" && issue.expected === "never") {
    return `Unknown field "${path}".`;
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * `input` as `schema` reads it, or `Invalid` naming the first problem: the field's path and what
 * is wrong with it ("limit: must be …"); `name` stands for the path when the input is one value.
 */
export function parse<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  name?: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new Invalid(firstIssue(result.issues, name));
  return result.output;
}
