/**
 * The data cache: one in the browser, shared by the providers (app.tsx) and the routes' loaders
 * (router.tsx); the server's renderer (web/entry-server.tsx) makes one per page it renders.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client';
import { currentUserQuery } from '../lib/auth';

export function createQueryClient(): QueryClient {
  /** A 401 anywhere means the session ended: forget the user, and the guard sends them to sign in. */
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401) client.setQueryData(currentUserQuery.queryKey, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2 },
    },
  });
  return client;
}

export const queryClient: QueryClient = createQueryClient();

/** Once no query is being fetched: the loaders start theirs without waiting for them. */
export async function queriesSettled(client: QueryClient): Promise<void> {
  while (client.isFetching() > 0) {
    const fetching = client.getQueryCache().findAll({ fetchStatus: 'fetching' });
    const promises = fetching.flatMap((query) => (query.promise ? [query.promise.catch(() => undefined)] : []));
    await (promises.length ? Promise.all(promises) : new Promise((resolve) => setTimeout(resolve, 0)));
  }
}
