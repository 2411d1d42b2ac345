// Where the early script's tag goes in an exported page: first in the head, after the character
// set, async so that it holds nothing up, at high priority (an async script's is low, and it waited
// behind the framework's chunks); once, however many times a build runs over the page.

/** Where the early script is served from (a file named by its content's hash). */
export const EARLY_SCRIPT_DIR = "/_next/static/early";

// The tag in two halves around its address; neither holds a character that means more in a pattern.
const opening = '<script async fetchpriority="high" src="';
const closing = '"></script>';
const earlyTag = new RegExp(`${opening}${EARLY_SCRIPT_DIR}/[^"]*${closing}`, "g");
const headStart = /<head>(?:<meta charSet="[^"]*"\/>)?/i;

export function withEarlyScript(html: string, src: string): string {
  const page = html.replace(earlyTag, "");
  const head = headStart.exec(page);
  if (!head) throw new Error("An exported page without a <head>: where would its early script go?");
  const end = head.index + head[0].length;
  return `${page.slice(0, end)}${opening}${src}${closing}${page.slice(end)}`;
}
