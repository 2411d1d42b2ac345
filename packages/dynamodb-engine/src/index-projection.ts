// What a read of a global secondary index may ask for: only what the index projects. DynamoDB
// refuses a Query or Scan of such an index whose ProjectionExpression names anything else (a GSI
// cannot fetch from its table); dynalite would answer without those attributes instead, which a
// caller could mistake for items that lack them.
import {
  type Body,
  type KeySchemaElement,
  type TableDescription,
  validationError,
} from "./dynalite";

/** The top-level attributes a projection expression names (`a.b`, `c[0]` name `a` and `c`). */
function namedAttributes(expression: string, names: Record<string, string>): string[] {
  return expression
    .split(",")
    .map((path) => path.trim().split(/[.[]/)[0] ?? "")
    .filter((name) => name !== "")
    .map((name) => (name.startsWith("#") ? (names[name] ?? name) : name));
}

/** Throws DynamoDB's refusal if `input` reads attributes its global secondary index lacks. */
export function checkIndexProjection(table: TableDescription, input: Body): void {
  const indexName = input.IndexName;
  const expression = input.ProjectionExpression;
  if (typeof indexName !== "string" || typeof expression !== "string") return;
  const index = table.GlobalSecondaryIndexes?.find((entry) => entry.IndexName === indexName);
  const projection = index?.Projection as
    | { ProjectionType?: string; NonKeyAttributes?: string[] }
    | undefined;
  if (!index || !projection || projection.ProjectionType === "ALL") return;
  const keys = [...table.KeySchema, ...((index.KeySchema as KeySchemaElement[]) ?? [])];
  const projected = new Set([
    ...keys.map((key) => key.AttributeName),
    ...(projection.ProjectionType === "INCLUDE" ? (projection.NonKeyAttributes ?? []) : []),
  ]);
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const missing = [...new Set(namedAttributes(expression, names))].filter(
    (name) => !projected.has(name),
  );
  if (missing.length > 0) {
    throw validationError(
      `One or more parameter values were invalid: Global secondary index ${indexName} does not project [${missing.join(", ")}]`,
    );
  }
}
