"use client";
// The API client bound to the signed-in session.
import { useMemo } from "react";
import { useAuth } from "@/auth/auth-context";
import { apiClient } from "./api-client";

export function useApi() {
  const { idToken, expire } = useAuth();
  return useMemo(() => apiClient({ token: idToken, onSessionEnded: expire }), [idToken, expire]);
}
