// The name a person registers with, which everyone sees beside their Dwipps, on their profile and
// in the notifications they cause, said once: the register form checks a name by it, the user pool
// is built with its length, and the pool's pre-sign-up trigger refuses a name that breaks it, so a
// script calling Cognito itself meets the same rule as the form.

import { controlCharacter, loneSurrogate, showsSomething } from "./plain-text";

/**
 * The most a name may hold, in UTF-16 code units: the pool's schema bound on `name`, which the
 * form's `maxLength` counts the same way.
 */
export const NAME_MAX_LENGTH = 80;

// The marks that set the direction of the text after them: in a name they could turn the sentence
// around it ("… upvoted your Dwipp") backwards, or make one name read as another.
const directionOverride = /[\u202A-\u202E\u2066-\u2069]/;

/** The name as the register form sends it: without the spaces around it. */
export const normalizeName = (raw: string): string => raw.trim();

/** Why a name cannot be registered, in words for the person choosing it, or undefined if it can. */
export function nameProblem(name: string): string | undefined {
  if (!showsSomething(name)) return "Enter the name people will see on your Dwipps.";
  if (controlCharacter.test(name)) return "A name is one line, without control characters.";
  if (directionOverride.test(name)) {
    return "A name cannot contain marks that change the direction of text.";
  }
  if (loneSurrogate.test(name)) return "A name must be valid Unicode text.";
  if (name !== normalizeName(name)) return "A name cannot begin or end with a space.";
  if (name.length > NAME_MAX_LENGTH) {
    return `A name can be at most ${NAME_MAX_LENGTH} characters.`;
  }
  return undefined;
}
