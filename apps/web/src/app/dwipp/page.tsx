"use client";
// A Dwipp's own page, the address people share: /dwipp/?id=<uuid> (one static page for every
// Dwipp: ADR 0014). Public; signed out, the ways in are offered above it.
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { ApiError } from "@/api/api-client";
import { useDwipp } from "@/api/dwipp-cache";
import { useAuth } from "@/auth/auth-context";
import { DwippArticle } from "@/components/dwipp-article";
import { idOf } from "@/components/paths";
import { SignedOutInvite } from "@/components/signed-out-invite";

const quiet = "p-6 text-center text-sm text-zinc-600 dark:text-zinc-400";

function OneDwipp() {
  const id = idOf(useSearchParams());
  const { state } = useAuth();
  const dwipp = useDwipp(id);
  const gone =
    id === "" ||
    dwipp.data === null ||
    (dwipp.error instanceof ApiError && [400, 404].includes(dwipp.error.status));
  return (
    <>
      <h1 className="mb-4 text-xl font-bold">A Dwipp</h1>
      {state.status === "signed-out" && <SignedOutInvite />}
      {gone ? (
        <p role="alert" className={quiet}>
          This Dwipp is not there: it was deleted, or the link is wrong.
        </p>
      ) : dwipp.error ? (
        <p role="alert" className={quiet}>
          The Dwipp could not be loaded. Try again in a moment.
        </p>
      ) : dwipp.data ? (
        <DwippArticle dwipp={dwipp.data} />
      ) : (
        <p role="status" className={quiet}>
          Loading the Dwipp…
        </p>
      )}
    </>
  );
}

export default function DwippPage() {
  return (
    <Suspense fallback={<p className={quiet}>Loading the Dwipp…</p>}>
      <OneDwipp />
    </Suspense>
  );
}
