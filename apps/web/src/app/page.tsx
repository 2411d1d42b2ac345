"use client";
import { RequireAuth } from "@/auth/auth-context";
import { ComposeDwipp } from "@/components/compose-dwipp";
import { DwippFeed } from "@/components/dwipp-feed";

export default function HomePage() {
  return (
    <RequireAuth>
      <h1 className="sr-only">Home</h1>
      <ComposeDwipp />
      <DwippFeed />
    </RequireAuth>
  );
}
