"use client";
// In place of the composer for a visitor who is not signed in: what Dwipper is, and the two ways in.
import Link from "next/link";
import { usePrefetchWhenIdle } from "./idle-prefetch";

const way =
  "rounded-full px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700";

const ways = ["/login/", "/register/"] as const;

export function SignedOutInvite({ expired = false }: { expired?: boolean }) {
  usePrefetchWhenIdle(ways);
  return (
    <section
      aria-label="Join Dwipper"
      className="mb-6 rounded-2xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {expired && (
        <p role="status" className="mb-2 text-sm font-semibold">
          Your session has ended. Sign in again to post and vote.
        </p>
      )}
      <p className="mb-3 text-[15px]">
        Shower thoughts, shared. Sign in to post, upvote and keep your favorites.
      </p>
      <div className="flex flex-wrap gap-2">
        <Link
          href="/login/"
          prefetch={false}
          className={`${way} bg-sky-700 text-white hover:bg-sky-800`}
        >
          Sign in
        </Link>
        <Link
          href="/register/"
          prefetch={false}
          className={`${way} border border-zinc-300 text-sky-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-sky-300 dark:hover:bg-zinc-800`}
        >
          Create an account
        </Link>
      </div>
    </section>
  );
}
