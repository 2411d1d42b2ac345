// Time to live for the engine: which attribute of which table holds an expiry time (kept beside
// the tables), the `UpdateTimeToLive` / `DescribeTimeToLive` answers, and the choice of items that
// are due. Deleting them is the engine's job (it goes through the same write path as everyone, and
// the stream record names the service as the one who deleted). As on AWS, an expired item stays
// readable until the sweep removes it, and only Number attributes holding epoch seconds count.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Body, type Item, validationError } from "./dynalite";

export class TimeToLive {
  private readonly attributes: Record<string, string>;
  private readonly file: string | null;

  constructor(dir: string | null) {
    this.file = dir ? path.join(dir, "time-to-live.json") : null;
    this.attributes =
      this.file && existsSync(this.file)
        ? (JSON.parse(readFileSync(this.file, "utf8")) as Record<string, string>)
        : {};
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.attributes, null, 2));
  }

  attributeOf(table: string): string | undefined {
    return this.attributes[table];
  }

  tables(): [table: string, attribute: string][] {
    return Object.entries(this.attributes);
  }

  forget(table: string): void {
    delete this.attributes[table];
    this.save();
  }

  update(input: Body): Body {
    const table = String(input.TableName);
    const specification = input.TimeToLiveSpecification as
      | { AttributeName?: unknown; Enabled?: unknown }
      | undefined;
    if (!specification || typeof specification.Enabled !== "boolean") {
      throw validationError(
        "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
      );
    }
    const attribute = specification.AttributeName;
    if (typeof attribute !== "string" || attribute.length < 1 || attribute.length > 255) {
      throw validationError(
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null",
      );
    }
    const current = this.attributes[table];
    if (specification.Enabled) {
      if (current) throw validationError("TimeToLive is already enabled");
      this.attributes[table] = attribute;
    } else {
      if (!current) throw validationError("TimeToLive is already disabled");
      if (current !== attribute) {
        throw validationError(
          `TimeToLive is active on a different AttributeName: current AttributeName is ${current}`,
        );
      }
      delete this.attributes[table];
    }
    this.save();
    return {
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: specification.Enabled },
    };
  }

  describe(table: string): Body {
    const attribute = this.attributes[table];
    return {
      TimeToLiveDescription: attribute
        ? { TimeToLiveStatus: "ENABLED", AttributeName: attribute }
        : { TimeToLiveStatus: "DISABLED" },
    };
  }
}

const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000;

/**
 * Whether the item's expiry time (epoch seconds in a Number attribute) has passed. As on AWS, a
 * time more than five years ago is taken for a mistake (milliseconds, say) and never expires.
 */
export function hasExpired(item: Item, attribute: string, nowMs: number): boolean {
  const value = item[attribute]?.N;
  if (typeof value !== "string") return false;
  const ms = Number(value) * 1000;
  return Number.isFinite(ms) && ms <= nowMs && ms > nowMs - FIVE_YEARS_MS;
}
