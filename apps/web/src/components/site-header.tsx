"use client";
// The top bar: the name, and for signed-in people the navigation (with the unread count on
// Notifications) and "Sign out". It is one row of one height whoever is reading: the page is
// painted before the session is known, and a bar that grew when it was would push the whole page
// down (a layout shift). Where the navigation does not fit, a phone, it scrolls sideways, and the
// page one is on is scrolled into sight. Notifications comes second, so that its unread count is
// in sight on a phone without a swipe.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useUnreadCount } from "@/api/notification-cache";
import { useAuth } from "@/auth/auth-context";
import { usePrefetchWhenIdle } from "./idle-prefetch";
import { pageAddress } from "./paths";

const links = [
  { href: "/", label: "Home" },
  { href: "/notifications/", label: "Notifications" },
  { href: "/me/", label: "My Dwipps" },
  { href: "/favorites/", label: "Favorites" },
  { href: "/settings/", label: "Settings" },
];

/**
 * The part of the bar's width clear of its fades on a phone (its masks, below): all but the last
 * 15%, and once scrolled from its start, all but the first 10% too.
 */
const CLEAR = { from: 0.1, to: 0.85 };

/**
 * Scrolls the bar sideways, and only the bar, so that the link to `href` is clear of the fade: on
 * a phone, a page opened from a link or an address (Settings, Notifications) would otherwise be
 * off to the right, with "Sign out" beyond it.
 */
function showLink(nav: HTMLElement, href: string) {
  const current = [...nav.querySelectorAll<HTMLElement>("a[href]")].find(
    (link) => link.getAttribute("href") === href,
  );
  if (!current) return;
  const bar = nav.getBoundingClientRect();
  const link = current.getBoundingClientRect();
  const clearRight = bar.left + bar.width * CLEAR.to;
  const clearLeft = bar.left + bar.width * CLEAR.from;
  if (link.right > clearRight) nav.scrollLeft += link.right - clearRight;
  // Clear of the left fade; scrolled back to the start, there is none.
  else if (link.left < clearLeft) nav.scrollLeft -= clearLeft - link.left;
  markScrolled(nav);
}

/** A bar scrolled from its start fades at its left edge too, so that a cut word reads as more. */
function markScrolled(nav: HTMLElement) {
  nav.toggleAttribute("data-scrolled", nav.scrollLeft > 0);
}

const item =
  "whitespace-nowrap rounded px-1.5 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-700 sm:px-2 dark:hover:bg-zinc-800";

export function SiteHeader() {
  const { state, signOut } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  const here = pageAddress(pathname);
  const unread = useUnreadCount();
  const counted = (href: string) => href === "/notifications/" && unread > 0;
  const signedIn = state.status === "signed-in";
  usePrefetchWhenIdle(signedIn ? links.map((link) => link.href) : []);
  const nav = useRef<HTMLElement>(null);
  const badged = unread > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: also when the bar appears (the session known) and when the badge widens it; not on every render, which would undo a person's own scrolling of the bar
  useEffect(() => {
    if (nav.current) showLink(nav.current, here);
  }, [here, signedIn, badged]);
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4">
        <Link
          href="/"
          prefetch={false}
          className="shrink-0 text-lg font-bold tracking-tight text-sky-700 dark:text-sky-400"
        >
          Dwipper
        </Link>
        {signedIn && (
          <nav
            ref={nav}
            aria-label="Main"
            onScroll={(event) => markScrolled(event.currentTarget)}
            className="-mr-1.5 flex min-w-0 flex-1 items-center gap-0.5 overflow-x-auto text-sm [mask-image:linear-gradient(to_right,black_85%,transparent)] data-[scrolled]:[mask-image:linear-gradient(to_right,transparent,black_10%,black_85%,transparent)] sm:justify-end sm:gap-1 sm:[mask-image:none] sm:data-[scrolled]:[mask-image:none]"
          >
            {links.map((link) => (
              <Link
                key={link.href}
                prefetch={false}
                href={link.href}
                aria-current={here === link.href ? "page" : undefined}
                // Read as "Notifications, 3 unread"; seen as a badge.
                aria-label={counted(link.href) ? `${link.label}, ${unread} unread` : undefined}
                className={`${item} aria-[current=page]:font-semibold`}
              >
                {link.label}
                {counted(link.href) && (
                  <>
                    {/* A space in the text, so what is seen ("Notifications 3") is in the name. */}{" "}
                    <span
                      aria-hidden="true"
                      className="rounded-full bg-sky-700 px-1.5 text-xs font-semibold text-white"
                    >
                      {unread}
                    </span>
                  </>
                )}
              </Link>
            ))}
            <button
              type="button"
              className={item}
              onClick={async () => {
                await signOut();
                router.replace("/login/");
              }}
            >
              Sign out
            </button>
          </nav>
        )}
      </div>
    </header>
  );
}
