"use client";
// Who is signed in, for every page. The session renews itself before its ID token expires, and a
// token the API refuses is renewed once; when Cognito refuses to renew it the person is signed out
// and sent to /login, which brings them back to where they were. When Cognito cannot be reached the
// session stays and renewal is tried again later. Pages for signed-in people wrap themselves in
// <RequireAuth>.
import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import * as Cognito from "./cognito";
import { RenewalUnavailable } from "./renewal";
import { refreshDelayMs } from "./session-timing";

/** Why nobody is signed in: the session could not be renewed, or the person signed out here. */
type SignedOutReason = "expired" | "signed-out";

type AuthState =
  | { status: "loading"; session: null }
  | { status: "signed-out"; session: null; reason?: SignedOutReason }
  | { status: "signed-in"; session: Cognito.Session };

export interface TokenOptions {
  /** Renew the token even if it looks valid (the API refused it). */
  forceRefresh?: boolean;
}

interface AuthContextValue {
  state: AuthState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** A current ID token; null when the session is gone (and the person is then signed out). */
  idToken(options?: TokenOptions): Promise<string | null>;
  /** Ends a session the API no longer accepts: signed out, and asked to sign in again. */
  expire(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading", session: null });
  const queryClient = useQueryClient();
  const refreshing = useRef<Promise<Cognito.Session | null> | null>(null);

  const endSession = useCallback(
    (reason?: SignedOutReason) => {
      queryClient.clear();
      setState({ status: "signed-out", session: null, reason });
    },
    [queryClient],
  );

  /**
   * One renewal at a time, however many requests ask for it. Throws RenewalUnavailable when
   * Cognito cannot be reached (the session is kept).
   */
  const renew = useCallback(async () => {
    refreshing.current ??= Cognito.refreshSession().finally(() => {
      refreshing.current = null;
    });
    const session = await refreshing.current;
    if (session) setState({ status: "signed-in", session });
    else {
      await Cognito.signOut();
      endSession("expired");
    }
    return session;
  }, [endSession]);

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

  // Renew before the ID token expires, so a tab left open stays signed in. When Cognito cannot be
  // reached, try again a little later, growing the wait, and at once when the browser says it is
  // back online or the person returns to the tab.
  const session = state.session;
  useEffect(() => {
    if (!session) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let waiting = false;
    const schedule = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(attempt, delay);
    };
    function attempt() {
      waiting = false;
      renew().catch((error: unknown) => {
        if (!(error instanceof RenewalUnavailable)) return;
        waiting = true;
        schedule(Math.min(60_000, 2_000 * 2 ** failures++));
      });
    }
    const now = () => {
      if (waiting) schedule(0);
    };
    schedule(refreshDelayMs(session, Date.now()));
    window.addEventListener("online", now);
    window.addEventListener("focus", now);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("online", now);
      window.removeEventListener("focus", now);
    };
  }, [session, renew]);

  // Signing out in another tab signs out this one too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === Cognito.sessionStorageKey() && !event.newValue) endSession();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [endSession]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await Cognito.signIn(email, password);
      // What was read as nobody has no flags of theirs: read it again as them.
      queryClient.clear();
      setState({ status: "signed-in", session });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    await Cognito.signOut();
    endSession("signed-out");
  }, [endSession]);

  const idToken = useCallback(
    async (options: TokenOptions = {}) => {
      if (options.forceRefresh) return (await renew())?.idToken ?? null;
      const current = await Cognito.currentSession();
      if (!current) {
        endSession("expired");
        return null;
      }
      return current.idToken;
    },
    [renew, endSession],
  );

  const expire = useCallback(() => {
    void Cognito.signOut().finally(() => endSession("expired"));
  }, [endSession]);

  const value = useMemo(
    () => ({ state, signIn, signOut, idToken, expire }),
    [state, signIn, signOut, idToken, expire],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>.");
  return value;
}

/** Control characters and backslashes have no place in a path this site makes. */
function hasControlOrBackslash(value: string): boolean {
  return [...value].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f || char === "\\";
  });
}

/** The longest `next` kept; anything longer is no address a page of this site hands out. */
const MAX_NEXT = 2048;

/**
 * Where to go after signing in: only a page of this site, never another origin. The value is
 * parsed against the site's origin, as the browser will, and what comes back is the parsed path,
 * which must still be a path (a browser drops tabs and newlines, and reads `\` as `/`).
 */
export function safeNext(
  next: string | null | undefined,
  origin: string = typeof window === "undefined" ? "http://localhost" : window.location.origin,
): string {
  if (!next || next.length > MAX_NEXT || !next.startsWith("/") || hasControlOrBackslash(next)) {
    return "/";
  }
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== new URL(origin).origin || path.startsWith("//")) return "/";
  return path;
}

/** The sign-in page, with the way back to `here` (a path of this site, with its query). */
export const signInPath = (here: string) => `/login/?next=${encodeURIComponent(here)}`;

export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (state.status !== "signed-out") return;
    // Someone who signed out chose to leave: no way back to this page is kept for them.
    if (state.reason === "signed-out") {
      router.replace("/login/");
      return;
    }
    const here = `${pathname}${window.location.search}`;
    const expired = state.reason === "expired" ? "&expired=1" : "";
    router.replace(`${signInPath(here)}${expired}`);
  }, [state, pathname, router]);

  if (state.status !== "signed-in") {
    return (
      <p role="status" className="p-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        Checking your session…
      </p>
    );
  }
  return <>{children}</>;
}
