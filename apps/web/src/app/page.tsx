"use client";
// The feed: public. Signed in, the composer is on top; signed out, the ways to sign in.
import { useAuth } from "@/auth/auth-context";
import { ComposeDwipp } from "@/components/compose-dwipp";
import { DwippList } from "@/components/dwipp-list";
import { SignedOutInvite } from "@/components/signed-out-invite";

export default function HomePage() {
  const { state } = useAuth();
  if (state.status === "loading") {
    return (
      <p role="status" className="p-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
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
      <DwippList list="feed" label="Feed" empty="No Dwipps yet. Share the first shower thought!" />
    </>
  );
}
