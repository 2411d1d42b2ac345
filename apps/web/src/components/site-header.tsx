"use client";
// The top bar: the name, and for signed-in people the navigation (with the unread count on
// Notifications) and "Sign out".
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useUnreadCount } from "@/api/notification-cache";
import { useAuth } from "@/auth/auth-context";

const links = [
  { href: "/", label: "Home" },
  { href: "/me/", label: "My Dwipps" },
  { href: "/favorites/", label: "Favorites" },
  { href: "/notifications/", label: "Notifications" },
  { href: "/settings/", label: "Settings" },
];

const item =
  "whitespace-nowrap rounded px-1.5 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-700 sm:px-2 dark:hover:bg-zinc-800";

export function SiteHeader() {
  const { state, signOut } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  const here = pathname.endsWith("/") ? pathname : `${pathname}/`;
  const unread = useUnreadCount();
  const counted = (href: string) => href === "/notifications/" && unread > 0;
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex max-w-xl flex-wrap items-center justify-between gap-x-2 gap-y-1 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight text-sky-700 dark:text-sky-400">
          Dwipper
        </Link>
        {state.status === "signed-in" && (
          // On a phone the navigation takes a row of its own under the name.
          <nav
            aria-label="Main"
            className="-mx-1.5 flex w-full flex-wrap items-center gap-0.5 text-sm sm:mx-0 sm:w-auto sm:gap-1"
          >
            {links.map((link) => (
              <Link
                key={link.href}
                href={link.href}
                aria-current={here === link.href ? "page" : undefined}
                // Read as "Notifications, 3 unread"; seen as a badge.
                aria-label={counted(link.href) ? `${link.label}, ${unread} unread` : undefined}
                className={`${item} aria-[current=page]:font-semibold`}
              >
                {link.label}
                {counted(link.href) && (
                  <span
                    aria-hidden="true"
                    className="ml-1 rounded-full bg-sky-700 px-1.5 text-xs font-semibold text-white"
                  >
                    {unread}
                  </span>
                )}
              </Link>
            ))}
            <button
              type="button"
              className={`${item} ml-auto sm:ml-0`}
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
