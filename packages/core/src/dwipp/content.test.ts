// Holds how a Dwipp's text is normalised and counted before it is stored.

import * as v from "valibot";
import { describe, expect, it, vi } from "vitest";
import { checkDraft, contentProblem, countCharacters, normalizeContent } from "./content";
import { CreateInput } from "./schema";

describe("normalizeContent", () => {
  it("turns CR LF and lone CR into LF and trims the ends", () => {
    expect(normalizeContent("  one\r\ntwo\rthree\n \t")).toBe("one\ntwo\nthree");
  });
});

describe("countCharacters", () => {
  it("counts what a person sees as one character once", () => {
    expect(countCharacters("abc")).toBe(3);
    expect(countCharacters("👍🏽")).toBe(1); // emoji with a skin-tone modifier
    expect(countCharacters("👨‍👩‍👧‍👦")).toBe(1); // a family: four emoji joined by ZWJ
    expect(countCharacters("🇫🇷")).toBe(1); // a flag: two regional indicators
    expect(countCharacters("e\u0301")).toBe(1); // e + combining acute accent
    expect(countCharacters("a\r\nb")).toBe(3); // CR LF is one character
    expect(countCharacters("a\rb\tc\n")).toBe(6);
    expect(countCharacters("")).toBe(0);
  });

  it("counts ASCII text without building a segmenter (a page's first Intl object is costly)", async () => {
    // Intl's members are read-only to TypeScript, not to the engine.
    const intl: { Segmenter: typeof Intl.Segmenter } = Intl;
    const Real = intl.Segmenter;
    let built = 0;
    intl.Segmenter = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        built++;
      }
    };
    try {
      vi.resetModules();
      const fresh = await import("./content");
      expect(fresh.countCharacters("Why do we park on driveways?\n\tAnd drive on parkways?")).toBe(
        52,
      );
      expect(fresh.checkDraft("").length).toBe(0);
      expect(built).toBe(0);
      expect(fresh.countCharacters("café")).toBe(4);
      expect(built).toBe(1);
    } finally {
      intl.Segmenter = Real;
    }
  });
});

describe("contentProblem", () => {
  it("accepts 1 to 280 characters with tabs and line feeds", () => {
    expect(contentProblem("a")).toBeUndefined();
    expect(contentProblem("a\tb\nc")).toBeUndefined();
    expect(contentProblem("🙂".repeat(280))).toBeUndefined();
  });

  it("refuses empty, too long and control characters", () => {
    expect(contentProblem("")).toBe("Write something first.");
    expect(contentProblem("x".repeat(281))).toMatch(/at most 280/);
    expect(contentProblem("bell\u0007")).toMatch(/control/);
    expect(contentProblem("nul\u0000")).toMatch(/control/);
    expect(contentProblem("c1\u0085")).toMatch(/control/);
  });

  it("refuses text with nothing a reader would see, and keeps invisible characters beside visible ones", () => {
    for (const text of ["\u200B\u200B", "\u3164", "\u200D\uFE0F", "\u00AD\u2060"]) {
      expect(contentProblem(text), JSON.stringify(text)).toBe("Write something first.");
    }
    expect(contentProblem("zero\u200Bwidth")).toBeUndefined();
    expect(contentProblem("👨‍👩‍👧")).toBeUndefined();
  });

  it("refuses lone surrogates, which are not text", () => {
    expect(contentProblem("a\uD800b")).toMatch(/Unicode/);
    expect(contentProblem("\uDC00")).toMatch(/Unicode/);
  });
});

describe("CreateInput", () => {
  it("normalizes content before counting it", () => {
    const parsed = v.parse(CreateInput, { content: `  ${"x".repeat(280)}\r\n` });
    expect(parsed.content).toHaveLength(280);
  });

  it("refuses unknown fields, wrong types and ids that are not UUIDs", () => {
    expect(v.safeParse(CreateInput, { content: "hi", upvotes: 5 }).success).toBe(false);
    expect(v.safeParse(CreateInput, { content: 42 }).success).toBe(false);
    expect(v.safeParse(CreateInput, { content: "hi", id: "not-a-uuid" }).success).toBe(false);
    expect(v.safeParse(CreateInput, {}).success).toBe(false);
    expect(
      v.safeParse(CreateInput, { content: "hi", id: "0b6f3f7e-5d0a-4d55-9a0e-2f4b1e9c7a11" })
        .success,
    ).toBe(true);
  });

  it("refuses content that is only white space", () => {
    expect(v.safeParse(CreateInput, { content: " \r\n\t " }).success).toBe(false);
  });
});

describe("checkDraft", () => {
  it("says what the API would refuse the draft with, in the same words", () => {
    for (const draft of ["", " \r\n ", "x".repeat(281), "bell\u0007", "a\uD800b", "fine"]) {
      const answer = v.safeParse(CreateInput, { content: draft });
      expect(checkDraft(draft).problem, JSON.stringify(draft)).toBe(
        answer.success ? undefined : answer.issues[0].message,
      );
    }
    expect(checkDraft("  🙂 hi\r\n").length).toBe(4);
  });
});
