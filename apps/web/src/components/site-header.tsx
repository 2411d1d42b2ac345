"use client";
// The top bar: the name, and for signed-in people the navigation and "Sign out".
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAuth } from "@/auth/auth-context";

export function SiteHeader() {
  const { state, signOut } = useAuth();
  const router = useRouter();
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex max-w-xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-bold tracking-tight text-sky-700 dark:text-sky-400">
          Dwipper
        </Link>
        {state.status === "signed-in" && (
          <nav aria-label="Main" className="flex items-center gap-3 text-sm">
            <Link href="/" className="rounded px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              Home
            </Link>
            <button
              type="button"
              className="rounded px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
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
