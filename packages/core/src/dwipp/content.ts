// What counts as a Dwipp's text (docs/api.md): line breaks normalized, trimmed, 1 to 280 characters as a
// person counts them, at least one of them visible, no control characters but line feed and tab. The
// web app checks a draft with the same rules and says the same words.

import { controlButTabOrLineFeed, loneSurrogate, showsSomething } from "../plain-text";

export const MAX_CONTENT_LENGTH = 280;

// Made on first use: building the segmenter costs ~10 ms, which routes that never count characters
// (every read) should not pay on a cold start; in a browser it is the page's first Intl object,
// which loads the locale data (~30 ms, four times that on a phone) before the compose box can
// paint its counter. Text of printable ASCII, tabs and line feeds is counted without it: each of
// those code units is one character as a person sees it (CR LF, which is one, goes to the
// segmenter).
let segmenter: Intl.Segmenter | undefined;
const beyondPlainText = /[^\t\n -~]/;

export function normalizeContent(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

/** Characters as a person sees them: one emoji, flags and family sequences included, is one. */
export function countCharacters(text: string): number {
  if (!beyondPlainText.test(text)) return text.length;
  let count = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** Why the normalized text is not acceptable, in words for the person who wrote it, if it is not. */
export function contentProblem(text: string): string | undefined {
  if (controlButTabOrLineFeed.test(text)) return "A Dwipp cannot contain control characters.";
  if (loneSurrogate.test(text)) return "A Dwipp must be valid Unicode text.";
  const length = countCharacters(text);
  // Text of zero-width spaces or fillers alone is as empty to a reader as none.
  if (length === 0 || !showsSomething(text)) return "Write something first.";
  if (length > MAX_CONTENT_LENGTH)
    return `A Dwipp can be at most ${MAX_CONTENT_LENGTH} characters (this one has ${length}).`;
  return undefined;
}

/** A draft's length as the counter shows it, and what is wrong with it, by the rules above. */
export function checkDraft(raw: string): { length: number; problem: string | undefined } {
  const text = normalizeContent(raw);
  return { length: countCharacters(text), problem: contentProblem(text) };
}
