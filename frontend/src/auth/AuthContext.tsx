import { changeLocale, isLocale, msg, t } from '../i18n/index.ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, HubUnreachableError, errorMessage } from '../api/errors.ts';
import type { AuthStatus, User } from '../api/types.ts';
import { useHub } from '../hub.tsx';

export type AuthState =
  | { phase: 'loading' }
  | { phase: 'unreachable'; message: string }
  | { phase: 'setup' }
  | { phase: 'signedOut'; openRegistration: boolean; notice?: string }
  | { phase: 'signedIn'; user: User };

export interface AuthContextValue {
  state: AuthState;
  user: User | null;
  signIn(username: string, password: string): Promise<void>;
  /** First run: creates the admin account, then signs in with it. */
  createAccount(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Refresh the access token at 80 % of its life so `?token=` media URLs and the event stream keep working. */
const REFRESH_AT_FRACTION = 0.8;
const MIN_REFRESH_DELAY_MS = 5_000;
const SESSION_ENDED = msg('Your session has ended. Please sign in again.');

export function AuthProvider({ children }: { children: ReactNode }) {
  const hub = useHub();
  const { api, client, tokens } = hub;
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const statusRef = useRef<AuthStatus>({ hasUsers: true, openRegistration: false });

  const bootstrap = useCallback(async () => {
    setState({ phase: 'loading' });
    try {
      const status = await api.auth.status().catch((error: unknown) => {
        // An older hub without /auth/status: assume it has users.
        if (error instanceof ApiError && error.status === 404) return { hasUsers: true, openRegistration: false };
        throw error;
      });
      statusRef.current = status;
      if (!status.hasUsers) return setState({ phase: 'setup' });
      if (!tokens.mayHaveSession) return setState({ phase: 'signedOut', openRegistration: status.openRegistration });
      if (await client.refreshSession()) {
        const { user } = await api.auth.me();
        return setState({ phase: 'signedIn', user });
      }
      setState({ phase: 'signedOut', openRegistration: status.openRegistration, notice: t(SESSION_ENDED) });
    } catch (error) {
      if (error instanceof HubUnreachableError || (error instanceof ApiError && error.status >= 500)) {
        setState({ phase: 'unreachable', message: errorMessage(error) });
      } else {
        setState({
          phase: 'signedOut',
          openRegistration: statusRef.current.openRegistration,
          notice: errorMessage(error),
        });
      }
    }
  }, [api, client, tokens]);

  useEffect(() => {
    void bootstrap();
  }, [bootstrap]);

  // The language remembered on the account wins over this browser's guess once the user is known.
  const chosenLocale = state.phase === 'signedIn' ? state.user.locale : undefined;
  useEffect(() => {
    if (isLocale(chosenLocale)) void changeLocale(chosenLocale);
  }, [chosenLocale]);

  useEffect(
    () =>
      hub.onSessionExpired(() =>
        setState({
          phase: 'signedOut',
          openRegistration: statusRef.current.openRegistration,
          notice: t(SESSION_ENDED),
        }),
      ),
    [hub],
  );

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      const expiresAt = tokens.expiresAt;
      if (!tokens.accessToken || expiresAt === null) return;
      const lifetime = expiresAt - Date.now();
      const delay = Math.max(lifetime * REFRESH_AT_FRACTION, MIN_REFRESH_DELAY_MS);
      timer = setTimeout(() => void client.refreshSession().catch(() => undefined), delay);
    };
    schedule();
    const unsubscribe = tokens.subscribe(schedule);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, tokens]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const result = await api.auth.login(username.trim(), password);
      tokens.set(result);
      setState({ phase: 'signedIn', user: result.user });
    },
    [api, tokens],
  );

  const createAccount = useCallback(
    async (username: string, password: string) => {
      await api.auth.register(username.trim(), password);
      statusRef.current = { ...statusRef.current, hasUsers: true };
      await signIn(username, password);
    },
    [api, signIn],
  );

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } catch {
      /* signing out locally is what matters */
    }
    tokens.clear();
    setState({
      phase: 'signedOut',
      openRegistration: statusRef.current.openRegistration,
      notice: t('You are signed out.'),
    });
  }, [api, tokens]);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      user: state.phase === 'signedIn' ? state.user : null,
      signIn,
      createAccount,
      signOut,
      retry: () => void bootstrap(),
    }),
    [state, signIn, createAccount, signOut, bootstrap],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth() needs an <AuthProvider> above it.');
  return value;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser() used while signed out.');
  return user;
}
