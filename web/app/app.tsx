/** Providers (data cache, theme, toasts) around the router. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { Toaster } from 'sonner';
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

function ThemedToaster() {
  const { theme } = useTheme();
  return <Toaster theme={theme} position="bottom-right" closeButton />;
}

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
