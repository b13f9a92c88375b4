import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { api, call } from '../api/client';
import { ApiError } from '../api/errors';
import { onPasswordChangeRequired } from '../api/password-change-required';
import type { Role } from '../api/types';
import { onUnauthorized } from '../api/unauthorized';
import { setLabTimeZone } from '../lib/dates';
import { refusal, type AccountSession } from './account-api';

type Session = AccountSession;

interface SessionContextValue {
  session: Session | null;
  loading: boolean;
  /** True once a session this tab had has ended (expiry or a 401), as opposed to never signed in. */
  expired: boolean;
  /** True after this tab signed out on purpose: the sign-in page then carries no page to return to. */
  signedOut: boolean;
  /** True after an admin's reset: the console shows only the screen that sets a new password. */
  passwordChangeRequired: boolean;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): Promise<void>;
  /** Reads the session again (after a password change, whose answer carries a new cookie). */
  reloadSession(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionContextValue | null>(null);
export const SESSION_KEY = ['session'] as const;
/** While a person is working, the session is renewed this often (the token lives JWT_TTL_SECONDS, 15 min by default). */
const REFRESH_EVERY_MS = 4 * 60 * 1000;

async function fetchSession(): Promise<Session | null> {
  try {
    return await call<Session>(api.GET('/v1/auth/session'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
  const expiredRef = useRef(false);
  const signedOutRef = useRef(false);
  const session = query.data ?? null;
  setLabTimeZone(session?.labTimeZone);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (qc.getQueryData(SESSION_KEY)) expiredRef.current = true;
        qc.setQueryData(SESSION_KEY, null);
      }),
    [qc],
  );

  useEffect(
    () =>
      onPasswordChangeRequired(() => {
        qc.setQueryData<Session | null>(SESSION_KEY, (s) => (s && !s.passwordChangeRequired ? { ...s, passwordChangeRequired: true } : s));
      }),
    [qc],
  );

  // Renew while the person is active; an idle tab lets the session lapse and the next call sends them to sign-in.
  useEffect(() => {
    if (!session) return;
    let active = false;
    const mark = () => (active = true);
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, mark, { passive: true }));
    const timer = window.setInterval(async () => {
      if (!active) return;
      active = false;
      try {
        await call(api.POST('/v1/auth/refresh'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) qc.setQueryData(SESSION_KEY, null);
      }
    }, REFRESH_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      events.forEach((e) => window.removeEventListener(e, mark));
    };
  }, [session, qc]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const { error, response } = await api.POST('/v1/auth/login', { body: { email, password } });
      // A 429 keeps its Retry-After, so the sign-in screen can say how long to wait.
      if (!response.ok) throw refusal(response, error);
      const fresh = await fetchSession();
      if (!fresh) throw new Error('Signed in, but the browser did not keep the session cookie');
      expiredRef.current = false;
      signedOutRef.current = false;
      qc.setQueryData(SESSION_KEY, fresh);
      return fresh;
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    await api.POST('/v1/auth/logout').catch(() => undefined);
    expiredRef.current = false;
    signedOutRef.current = true;
    // The session query stays (its observers see null at once); everything else belonged to that user.
    qc.setQueryData(SESSION_KEY, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  }, [qc]);

  const reloadSession = useCallback(async () => {
    qc.setQueryData(SESSION_KEY, await fetchSession());
  }, [qc]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      loading: query.isPending,
      expired: expiredRef.current,
      signedOut: signedOutRef.current,
      passwordChangeRequired: !!session?.passwordChangeRequired,
      signIn,
      signOut,
      reloadSession,
      hasRole: (...roles) => !!session && roles.includes(session.role),
    }),
    [session, query.isPending, signIn, signOut, reloadSession],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
