// What counts as a Dwipp's text (docs/api.md): line breaks normalized, trimmed, 1 to 280 characters as a
// person counts them, no control characters but line feed and tab. Shared with the web app's counter.

export const MAX_CONTENT_LENGTH = 280;

// Made on first use: building the segmenter costs ~10 ms, which routes that never count characters
// (every read) should not pay on a cold start.
let segmenter: Intl.Segmenter | undefined;

export function normalizeContent(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

/** Characters as a person sees them: one emoji, flags and family sequences included, is one. */
export function countCharacters(text: string): number {
  let count = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

// C0 and C1 controls and DEL, except tab (U+0009) and line feed (U+000A).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const forbiddenControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why the normalized text is not acceptable, or undefined when it is. */
export function contentProblem(text: string): string | undefined {
  if (forbiddenControl.test(text)) return "Content may not contain control characters.";
  if (loneSurrogate.test(text)) return "Content must be valid Unicode text.";
  const length = countCharacters(text);
  if (length === 0) return "Content may not be empty.";
  if (length > MAX_CONTENT_LENGTH)
    return `Content may be at most ${MAX_CONTENT_LENGTH} characters (it has ${length}).`;
  return undefined;
}
