"use client";
// A person's profile, the address people share: /user/?id=<sub> (one static page for every person,
// like a Dwipp's: ADR 0014). Public: their name, when they joined, how many Dwipps they have, and
// their Dwipps, newest first.

import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";
import { ApiError } from "@/api/api-client";
import { listQuery, useProfile } from "@/api/dwipp-cache";
import { useApi } from "@/api/use-api";
import { useAuth } from "@/auth/auth-context";
import { Avatar } from "@/components/avatar";
import { DwippList } from "@/components/dwipp-list";
import { idOf } from "@/components/paths";
import { SignedOutInvite } from "@/components/signed-out-invite";

const quiet = "p-6 text-center text-sm text-zinc-600 dark:text-zinc-400";

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * "Joined December 2026": the month and year (UTC), in English like the rest of the app; written
 * out, as a Dwipp's age is, to keep the locale data's load off the profile's first paint.
 */
function joined(iso: string): string {
  const date = new Date(iso);
  return `Joined ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function OneProfile() {
  const id = idOf(useSearchParams());
  const { state } = useAuth();
  const profile = useProfile(id);
  // The Dwipps are asked for beside the profile, not after it: the list needs only the id.
  const api = useApi();
  const client = useQueryClient();
  const ready = id !== "" && state.status !== "loading";
  useEffect(() => {
    if (ready) void client.prefetchInfiniteQuery(listQuery(api, client, `user:${id}`));
  }, [ready, api, client, id]);
  const gone =
    id === "" || (profile.error instanceof ApiError && [400, 404].includes(profile.error.status));
  if (gone) {
    return (
      <>
        <h1 className="mb-4 text-xl font-bold">Nobody here</h1>
        <p role="alert" className={quiet}>
          There is no such person on Dwipper: the link is wrong.
        </p>
      </>
    );
  }
  if (profile.error) {
    return (
      <p role="alert" className={quiet}>
        This profile could not be loaded. Try again in a moment.
      </p>
    );
  }
  if (!profile.data) {
    return (
      <p role="status" className={quiet}>
        Loading the profile…
      </p>
    );
  }
  const person = profile.data;
  return (
    <>
      <header className="mb-4 flex items-center gap-3">
        <Avatar id={person.id} name={person.name} />
        <div className="min-w-0">
          <h1 className="text-xl font-bold wrap-anywhere">{person.name}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {joined(person.joinedAt)} ·{" "}
            {person.dwipps === 1 ? "1 Dwipp" : `${person.dwipps} Dwipps`}
          </p>
        </div>
      </header>
      {state.status === "signed-out" && <SignedOutInvite />}
      <DwippList
        list={`user:${person.id}`}
        label={`Dwipps by ${person.name}`}
        empty={
          <>
            <bdi>{person.name}</bdi> has not posted yet.
          </>
        }
      />
    </>
  );
}

export default function ProfilePage() {
  return (
    <Suspense fallback={<p className={quiet}>Loading the profile…</p>}>
      <OneProfile />
    </Suspense>
  );
}
