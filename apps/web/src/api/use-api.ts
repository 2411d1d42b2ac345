"use client";
// The API client bound to the signed-in session.
import { useMemo } from "react";
import { useAuth } from "@/auth/auth-context";
import { apiClient } from "./api-client";

export function useApi() {
  const { idToken } = useAuth();
  return useMemo(() => apiClient(idToken), [idToken]);
}
