"use client";
// Who is signed in, for every page. Pages for signed-in people wrap themselves in <RequireAuth>,
// which sends a signed-out visitor to /login and brings them back afterwards.
import { usePathname, useRouter } from "next/navigation";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import * as Cognito from "./cognito";

type AuthState =
  | { status: "loading"; session: null }
  | { status: "signed-out"; session: null }
  | { status: "signed-in"; session: Cognito.Session };

interface AuthContextValue {
  state: AuthState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** A current ID token, refreshed if it expired; null when the session is gone. */
  idToken(): Promise<string | null>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading", session: null });

  useEffect(() => {
    let active = true;
    Cognito.currentSession()
      .then((session) => {
        if (!active) return;
        setState(
          session ? { status: "signed-in", session } : { status: "signed-out", session: null },
        );
      })
      .catch(() => active && setState({ status: "signed-out", session: null }));
    return () => {
      active = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await Cognito.signIn(email, password);
    setState({ status: "signed-in", session });
  }, []);

  const signOut = useCallback(async () => {
    await Cognito.signOut();
    setState({ status: "signed-out", session: null });
  }, []);

  const idToken = useCallback(async () => {
    const session = await Cognito.currentSession();
    if (!session) {
      setState({ status: "signed-out", session: null });
      return null;
    }
    return session.idToken;
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signOut, idToken }),
    [state, signIn, signOut, idToken],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>.");
  return value;
}

/** Where to go after signing in: only paths on this site, never another origin. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (state.status === "signed-out") {
      const here = `${pathname}${window.location.search}`;
      router.replace(`/login/?next=${encodeURIComponent(here)}`);
    }
  }, [state.status, pathname, router]);

  if (state.status !== "signed-in") {
    return (
      <p role="status" className="p-6 text-center text-sm text-zinc-500">
        Checking your session…
      </p>
    );
  }
  return <>{children}</>;
}
