/** Providers (data cache, theme, toasts) around the router. */
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { RouterProvider } from 'react-router';
import { currentUserQuery } from '../lib/auth';
import { ThemeProvider, useTheme } from '../lib/theme';
import { titleFor } from './page-title';
import { queryClient } from './query-client';
import { router } from './router';

document.title = titleFor(router.state.location.pathname);
router.subscribe((state) => {
  document.title = titleFor(state.location.pathname);
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
