// What makes text people wrote readable by others, said once for a Dwipp's text and a person's
// name: valid Unicode, and at least one character that shows.

/** A UTF-16 surrogate without its pair: text no browser can show and no JSON encoder should send. */
export const loneSurrogate =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// White space, and the characters Unicode asks a renderer to show as nothing (zero-width spaces and
// joiners, the Hangul fillers, soft hyphens, variation selectors, the byte order mark, ...).
const showsNothing = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether the text has a character a reader would see: blank or invisible text has none. */
export const showsSomething = (text: string): boolean => !showsNothing.test(text);
