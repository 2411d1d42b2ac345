"use client";
// The Dwipps a signed-in person has favorited, newest favorite first.

import { RequireAuth } from "@/auth/auth-context";
import { DwippList } from "@/components/dwipp-list";

export default function FavoritesPage() {
  return (
    <RequireAuth>
      <h1 className="mb-4 text-xl font-bold">Favorites</h1>
      <DwippList
        list="favorites"
        label="Favorites"
        empty="No favorites yet. Press Favorite on a Dwipp to keep it here."
      />
    </RequireAuth>
  );
}
