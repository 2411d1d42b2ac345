// The page for an address that is none of Dwipper's: the static export writes it as 404.html, which
// the front door and the local cloud's static site both answer with a 404 (ADR 0035).
import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1 className="mb-4 text-xl font-bold">Nothing here</h1>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        This page is not on Dwipper: the link is wrong, or the page has moved.
      </p>
      <Link
        href="/"
        className="inline-block rounded-full bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
      >
        Home
      </Link>
    </>
  );
}
