// What makes text people wrote readable by others, said once for a Dwipp's text and a person's
// name: valid Unicode, at least one character that shows, and which control characters it holds.

/** A UTF-16 surrogate without its pair: text no browser can show and no JSON encoder should send. */
export const loneSurrogate =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// White space, and the characters Unicode asks a renderer to show as nothing (zero-width spaces and
// joiners, the Hangul fillers, soft hyphens, variation selectors, the byte order mark, ...).
const showsNothing = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether the text has a character a reader would see: blank or invisible text has none. */
export const showsSomething = (text: string): boolean => !showsNothing.test(text);

/** Every C0 and C1 control and DEL: what a one-line text (a name) holds none of. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the aim.
export const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;

/** The same but tab (U+0009) and line feed (U+000A), which a Dwipp's text may hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the aim.
export const controlButTabOrLineFeed = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
