// The local event filter against stream records shaped as Lambda delivers them, and the cleanup
// subscriber's own filters.
import { streamSubscribers } from "@dwipper/functions/routes";
import { describe, expect, it } from "vitest";
import { matchesPattern, passesFilters, UnsupportedFilter } from "./event-filter";

const modify = (newImage: Record<string, unknown>) => ({
  eventName: "MODIFY",
  dynamodb: { NewImage: newImage, OldImage: { sk: { S: "DWIPP" } } },
});

describe("matchesPattern", () => {
  it("matches values from a list, nested fields, exists, prefix, anything-but and numeric", () => {
    const record = { eventName: "MODIFY", dynamodb: { Keys: { pk: { S: "DWIPP#1" } }, Size: 12 } };
    expect(matchesPattern({ eventName: ["INSERT", "MODIFY"] }, record)).toBe(true);
    expect(matchesPattern({ eventName: ["INSERT"] }, record)).toBe(false);
    expect(
      matchesPattern({ dynamodb: { Keys: { pk: { S: [{ prefix: "DWIPP#" }] } } } }, record),
    ).toBe(true);
    expect(
      matchesPattern({ dynamodb: { Keys: { pk: { S: [{ prefix: "USER#" }] } } } }, record),
    ).toBe(false);
    expect(matchesPattern({ eventName: [{ "anything-but": ["REMOVE"] }] }, record)).toBe(true);
    expect(matchesPattern({ dynamodb: { Size: [{ numeric: [">", 10, "<=", 12] }] } }, record)).toBe(
      true,
    );
    expect(matchesPattern({ dynamodb: { Size: [{ numeric: [">", 12] }] } }, record)).toBe(false);
    expect(matchesPattern({ dynamodb: { Gone: [{ exists: false }] } }, record)).toBe(true);
    expect(matchesPattern({ dynamodb: { Gone: [{ exists: true }] } }, record)).toBe(false);
    // A nested pattern needs the field to be there.
    expect(matchesPattern({ dynamodb: { NewImage: { x: [{ exists: false }] } } }, record)).toBe(
      false,
    );
  });

  it("refuses what it does not know instead of guessing", () => {
    expect(() => matchesPattern({ eventName: [{ wildcard: "M*" }] }, {})).toThrow(
      UnsupportedFilter,
    );
    expect(() => matchesPattern({ eventName: "MODIFY" }, {})).toThrow(UnsupportedFilter);
  });
});

describe("the cleanup subscriber's filters", () => {
  const [cleanup] = streamSubscribers;
  const filters = cleanup?.filters ?? [];

  it("let through a Dwipp becoming a tombstone and a tombstone expiring", () => {
    expect(passesFilters(filters, modify({ deletedAt: { S: "2026-12-01T00:00:00.000Z" } }))).toBe(
      true,
    );
    const expired = { eventName: "REMOVE", dynamodb: { OldImage: { deletedAt: { S: "x" } } } };
    expect(passesFilters(filters, expired)).toBe(true);
  });

  it("hold back posts, edits, votes and removed upvotes", () => {
    expect(passesFilters(filters, { eventName: "INSERT", dynamodb: { NewImage: {} } })).toBe(false);
    expect(passesFilters(filters, modify({ content: { S: "edited" } }))).toBe(false);
    const unvoted = { eventName: "REMOVE", dynamodb: { OldImage: { sk: { S: "UPVOTE#u" } } } };
    expect(passesFilters(filters, unvoted)).toBe(false);
  });
});
