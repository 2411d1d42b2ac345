"use client";
// The API client bound to the session, or to nobody when no one is signed in.
import { useMemo } from "react";
import { useAuth } from "@/auth/auth-context";
import { apiClient } from "./api-client";

export function useApi() {
  const { state, idToken, expire } = useAuth();
  const signedIn = state.status === "signed-in";
  return useMemo(
    () => apiClient({ signedIn, token: idToken, onSessionEnded: expire }),
    [signedIn, idToken, expire],
  );
}
