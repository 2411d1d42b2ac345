// Lambda's event filtering, for the local event source mappings: a record invokes the function only
// if it matches one of the mapping's filter patterns (the same JSON the stack declares). Covers
// the pattern language's value lists, `exists`, `prefix`, `anything-but` and `numeric`; a pattern
// using anything else is refused rather than guessed at.

export type FilterPattern = Record<string, unknown>;

export class UnsupportedFilter extends Error {}

function matchesRule(rule: unknown, value: unknown, present: boolean): boolean {
  if (rule === null || typeof rule !== "object") return present && value === rule;
  const [operator, operand, ...rest] = Object.entries(rule as Record<string, unknown>).flat();
  if (rest.length > 0)
    throw new UnsupportedFilter(`A rule has one operator: ${JSON.stringify(rule)}`);
  switch (operator) {
    case "exists":
      return operand === present;
    case "prefix":
      return present && typeof value === "string" && value.startsWith(String(operand));
    case "anything-but": {
      const excluded = Array.isArray(operand) ? operand : [operand];
      return present && !excluded.includes(value);
    }
    case "numeric":
      return present && typeof value === "number" && numericHolds(operand as unknown[], value);
    default:
      throw new UnsupportedFilter(`Unsupported filter operator: ${String(operator)}`);
  }
}

function numericHolds(conditions: unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const bound = Number(conditions[i + 1]);
    const holds = {
      "=": value === bound,
      "<": value < bound,
      "<=": value <= bound,
      ">": value > bound,
      ">=": value >= bound,
    }[String(conditions[i])];
    if (holds === undefined) throw new UnsupportedFilter(`Unsupported comparison ${conditions[i]}`);
    if (!holds) return false;
  }
  return true;
}

/** Whether `event` (a record as the function would receive it) matches `pattern`. */
export function matchesPattern(pattern: FilterPattern, event: unknown): boolean {
  const fields = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([name, expected]) => {
    const present = Object.hasOwn(fields, name);
    const value = fields[name];
    if (Array.isArray(expected)) {
      // A list of values or rules: any one of them is enough.
      return expected.some((rule) => matchesRule(rule, value, present));
    }
    if (expected !== null && typeof expected === "object") {
      return present && matchesPattern(expected as FilterPattern, value);
    }
    throw new UnsupportedFilter(
      `A pattern's leaves are lists: ${name}: ${JSON.stringify(expected)}`,
    );
  });
}

/** Whether the record passes a mapping's filters: any one of them, or all records when none. */
export function passesFilters(filters: readonly FilterPattern[], event: unknown): boolean {
  return filters.length === 0 || filters.some((pattern) => matchesPattern(pattern, event));
}
