// "3 min. ago", with the exact time on hover and for machines. The words are written out rather
// than asked of `Intl`: the first Intl formatter a page builds loads the browser's locale data
// (about 30 ms here, four times that on Lighthouse's phone), and a list's first paint waited for
// it. The exact time, in the reader's own format, is built only when someone points at it.
import type { PointerEvent } from "react";
import { serverNow } from "@/api/server-clock";

interface Unit {
  seconds: number;
  /** "3 hr. ago", "in 3 hr." */
  many: string;
  /** What Intl's English says for one ago and one ahead ("numeric: auto"), where it has a word. */
  last?: string;
  next?: string;
}

const day = 24 * 3600;
const units: Unit[] = [
  { seconds: 365 * day, many: "yr.", last: "last yr.", next: "next yr." },
  { seconds: 30 * day, many: "mo.", last: "last mo.", next: "next mo." },
  { seconds: 7 * day, many: "wk.", last: "last wk.", next: "next wk." },
  { seconds: day, many: "days", last: "yesterday", next: "tomorrow" },
  { seconds: 3600, many: "hr." },
  { seconds: 60, many: "min." },
];

/**
 * The age of `iso` at `now` in the largest whole unit, worded as
 * `new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" })` words it.
 */
export function describeAge(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  for (const unit of units) {
    if (Math.abs(seconds) < unit.seconds) continue;
    const count = Math.trunc(seconds / unit.seconds);
    if (count === -1 && unit.last) return unit.last;
    if (count === 1 && unit.next) return unit.next;
    return count < 0 ? `${-count} ${unit.many} ago` : `in ${count} ${unit.many}`;
  }
  return "just now";
}

let exact: Intl.DateTimeFormat | undefined;

/** The date and time in the reader's own format, as `toLocaleString` writes it. */
export function exactTime(iso: string): string {
  // One formatter for every exact time: `toLocaleString` builds a new one per call.
  exact ??= new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return exact.format(new Date(iso));
}

/** Props that give an element the title `describe(exactTime(iso))` when a pointer first enters it. */
export function exactTimeOnHover(iso: string, describe: (time: string) => string = (time) => time) {
  return {
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      event.currentTarget.title ||= describe(exactTime(iso));
    },
  };
}

export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} {...exactTimeOnHover(iso)}>
      {describeAge(iso, serverNow())}
    </time>
  );
}
