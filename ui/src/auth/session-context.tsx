// Who is signed in: asks /api/me at start, signs in and out, and drops back to the sign-in page when the server
// says the session is gone.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout } from '../api/auth-api';
import { onUnauthorized } from '../api/client';
import { clearMetaCache } from '../api/meta-api';
import { clearRefNames } from '../common/ref-names';
import type { Me } from '../api/types';

export type SessionState = { status: 'loading' } | { status: 'signedOut'; expired?: boolean } | { status: 'signedIn'; me: Me };

interface Session {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reads /api/me again (after an administrator's change added entities, menus or functions). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

// What one user was allowed to see must not be shown to the next one signing in on this page.
function forgetUserData(): void {
  clearMetaCache();
  clearRefNames();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    fetchMe().then(
      (me) => setState({ status: 'signedIn', me }),
      () => setState({ status: 'signedOut' }),
    );
    return onUnauthorized(() => {
      forgetUserData();
      setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', expired: true } : s));
    });
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    await apiLogin(username, password);
    forgetUserData();
    setState({ status: 'signedIn', me: await fetchMe() });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      forgetUserData();
      setState({ status: 'signedOut' });
    }
  }, []);

  const refresh = useCallback(async () => {
    const me = await fetchMe();
    setState((s) => (s.status === 'signedIn' && s.me.user.id === me.user.id ? { status: 'signedIn', me } : s));
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const found = useContext(SessionContext);
  if (!found) throw new Error('useSession outside SessionProvider');
  return found;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a signed-in user');
  return state.me;
}
