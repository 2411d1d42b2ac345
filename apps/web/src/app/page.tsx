"use client";
// The feed: public. Signed in, the composer is on top; signed out, the ways to sign in. Tabs choose
// Latest or Top, and Top's window; the choice is in the address (`?top=day|week|all`), so it
// survives a reload and can be shared.
import type { TopWindow } from "@dwipper/core/dwipp/schema";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useAuth } from "@/auth/auth-context";
import { ComposeDwipp } from "@/components/compose-dwipp";
import { DwippList } from "@/components/dwipp-list";
import { topWindowOf } from "@/components/paths";
import { SignedOutInvite } from "@/components/signed-out-invite";
import { Tabs } from "@/components/tabs";

const views = [
  { id: "latest", name: "Latest" },
  { id: "top", name: "Top" },
] as const;
const windows = [
  { id: "day", name: "Today" },
  { id: "week", name: "This week" },
  { id: "all", name: "All time" },
] as const satisfies readonly { id: TopWindow; name: string }[];

const quiet = "p-6 text-center text-sm text-zinc-600 dark:text-zinc-400";

function Lists() {
  const router = useRouter();
  const topWindow = topWindowOf(useSearchParams().get("top"));
  const show = (top: TopWindow | undefined) =>
    router.replace(top ? `/?top=${top}` : "/", { scroll: false });
  return (
    <Tabs
      label="Dwipps"
      tabs={views}
      selected={topWindow ? "top" : "latest"}
      onSelect={(view) => show(view === "top" ? (topWindow ?? "day") : undefined)}
    >
      {topWindow ? (
        <Tabs label="Top of" tabs={windows} selected={topWindow} onSelect={show}>
          <DwippList
            key={topWindow}
            list={`top:${topWindow}`}
            label={`Top, ${windows.find((entry) => entry.id === topWindow)?.name.toLowerCase()}`}
            empty="No Dwipps in this window yet."
          />
        </Tabs>
      ) : (
        <DwippList
          list="feed"
          label="Feed"
          live
          empty="No Dwipps yet. Share the first shower thought!"
        />
      )}
    </Tabs>
  );
}

export default function HomePage() {
  const { state } = useAuth();
  if (state.status === "loading") {
    return (
      <p role="status" className={quiet}>
        Checking your session…
      </p>
    );
  }
  return (
    <>
      <h1 className="sr-only">Home</h1>
      {state.status === "signed-in" ? (
        <ComposeDwipp />
      ) : (
        <SignedOutInvite expired={state.reason === "expired"} />
      )}
      <Suspense fallback={<p className={quiet}>Loading Dwipps…</p>}>
        <Lists />
      </Suspense>
    </>
  );
}
