import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, configureApi, request } from './client.ts';

export type Role = 'admin' | 'manager' | 'support' | 'vendor';

export interface SignedInAdmin {
  id: string;
  email: string;
  role: Role;
  vendorId: string | null;
}

interface SessionBody {
  admin: SignedInAdmin;
  csrfToken: string;
}

interface SessionState {
  /** undefined while the first check runs; null when signed out. */
  admin: SignedInAdmin | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Holds the signed-in admin (from `GET /api/v1/auth/session`) and the CSRF token every write sends. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [admin, setAdmin] = useState<SignedInAdmin | null | undefined>(undefined);

  const adopt = useCallback((session: SessionBody | null) => {
    configureApi({ csrfToken: session?.csrfToken ?? null });
    setAdmin(session?.admin ?? null);
  }, []);

  useEffect(() => {
    configureApi({ csrfToken: null, onUnauthorized: () => { configureApi({ csrfToken: null }); setAdmin(null); queryClient.clear(); } });
    request<SessionBody>('/api/v1/auth/session')
      .then(adopt)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) adopt(null);
        else setAdmin(null);
      });
  }, [adopt, queryClient]);

  const signIn = useCallback(async (email: string, password: string) => {
    adopt(await request<SessionBody>('/api/v1/auth/session', { method: 'POST', body: { email, password } }));
  }, [adopt]);

  const signOut = useCallback(async (everywhere = false) => {
    try {
      await request(everywhere ? '/api/v1/auth/sign-out-everywhere' : '/api/v1/auth/session', { method: everywhere ? 'POST' : 'DELETE' });
    } finally {
      adopt(null);
      queryClient.clear();
    }
  }, [adopt, queryClient]);

  const value = useMemo(() => ({ admin, signIn, signOut }), [admin, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in admin; only inside the signed-in part of the app. */
export function useAdmin(): SignedInAdmin {
  const { admin } = useSession();
  if (!admin) throw new Error('useAdmin while signed out');
  return admin;
}

export const STAFF: readonly Role[] = ['admin', 'manager', 'support'];
export const MANAGERS: readonly Role[] = ['admin', 'manager'];
