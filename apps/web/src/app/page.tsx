"use client";
import { RequireAuth } from "@/auth/auth-context";
import { ComposeDwipp } from "@/components/compose-dwipp";
import { DwippList } from "@/components/dwipp-list";

export default function HomePage() {
  return (
    <RequireAuth>
      <h1 className="sr-only">Home</h1>
      <ComposeDwipp />
      <DwippList list="feed" label="Feed" empty="No Dwipps yet. Share the first shower thought!" />
    </RequireAuth>
  );
}
