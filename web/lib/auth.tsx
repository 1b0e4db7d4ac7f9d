/** Who is signed in, signing in and out, and the guards that keep pages behind them. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { paths } from '../config/paths';
import { forgetCsrf, sessionApi } from './api-client';
import type { User } from './api-types';

export const currentUserQuery = queryOptions({
  queryKey: ['current-user'],
  // /c/session answers 200 with null for a visitor, so public pages log no 401 in the console.
  queryFn: async (): Promise<User | null> => (await sessionApi.get<User | null>('/session')).data ?? null,
  staleTime: 60_000,
  retry: false,
});

export const useCurrentUser = () => useQuery(currentUserQuery);

/** A system admin by the account's flag, or for this sign-in through an LDAP or OIDC admin group (Harbor's admin_role_in_auth). */
export const isSystemAdmin = (user: User | null | undefined): boolean => Boolean(user?.sysadmin_flag || user?.admin_role_in_auth);

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { principal: string; password: string }) => {
      await sessionApi.post('/login', new URLSearchParams(input), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
    onSuccess: async () => {
      client.clear();
      await client.fetchQuery(currentUserQuery);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sessionApi.get('/log_out'),
    onSettled: () => {
      forgetCsrf();
      client.clear();
      client.setQueryData(currentUserQuery.queryKey, null);
    },
  });
}

function FullPageMessage({ children }: { children: ReactNode }) {
  return <div className="flex h-full items-center justify-center p-8 text-muted">{children}</div>;
}

/** Pages for signed-in users; others go to sign-in and come back afterwards. */
export function RequireAuth() {
  const { data: user, isPending, isError, error } = useCurrentUser();
  const location = useLocation();
  if (isPending) return <FullPageMessage>Loading...</FullPageMessage>;
  if (isError) return <FullPageMessage>{error.message}</FullPageMessage>;
  if (!user) return <Navigate to={paths.signIn(location.pathname + location.search)} replace />;
  return <Outlet />;
}

/** Administration pages: refused, with a sentence saying why, for everyone but system admins. */
export function RequireAdmin() {
  const { data: user } = useCurrentUser();
  if (!isSystemAdmin(user)) {
    return (
      <div className="py-2" role="alert">
        <h1 className="text-xl font-semibold">Not allowed</h1>
        <p className="mt-2 text-muted">This page is for system administrators. Ask one if you need access.</p>
      </div>
    );
  }
  return <Outlet />;
}
