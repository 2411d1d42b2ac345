"use client";
// The signed-in person's own Dwipps, newest first.

import { RequireAuth } from "@/auth/auth-context";
import { DwippList } from "@/components/dwipp-list";

export default function MyDwippsPage() {
  return (
    <RequireAuth>
      <h1 className="mb-4 text-xl font-bold">My Dwipps</h1>
      <DwippList
        list="mine"
        label="My Dwipps"
        empty="You have not posted yet. Your Dwipps will appear here."
      />
    </RequireAuth>
  );
}
