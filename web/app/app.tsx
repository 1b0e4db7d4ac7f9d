/** Providers (data cache, theme, toasts) around the router. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { RouterProvider } from 'react-router';
import { ApiError } from '../lib/api-client';
import { currentUserQuery } from '../lib/auth';
import { ThemeProvider, useTheme } from '../lib/theme';
import { titleFor } from './page-title';
import { router } from './router';

document.title = titleFor(router.state.location.pathname);
router.subscribe((state) => {
  document.title = titleFor(state.location.pathname);
});

/** A 401 anywhere means the session ended: forget the user, and the guard sends them to sign in. */
function onError(err: unknown) {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(currentUserQuery.queryKey, null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2 },
  },
});

// Toasts come after a first action, so their code loads after the first page, not before it.
const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

function ThemedToaster() {
  const { theme } = useTheme();
  return (
    <Suspense fallback={null}>
      <Toaster theme={theme} position="bottom-right" closeButton />
    </Suspense>
  );
}

// Who is signed in is asked at once, while the first page's code is still on its way.
void queryClient.prefetchQuery(currentUserQuery);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <RouterProvider router={router} />
        <ThemedToaster />
      </ThemeProvider>
    </QueryClientProvider>
  );
}
