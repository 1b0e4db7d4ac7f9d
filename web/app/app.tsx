/** Providers (data cache, theme, toasts) around the router, the same in the browser and on the server. */
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { RouterProvider, type DataRouter } from 'react-router';
import { useHydrated } from '../lib/hydration';
import { ThemeProvider, useTheme } from '../lib/theme';

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

/**
 * Everything around the router; the server's renderer (web/entry-server.tsx) puts its static router inside.
 * Until React has taken over a server-rendered page its buttons and fields would ignore a press
 * or lose what was typed, so they stay disabled until then (links work from the first paint).
 */
export function ConsoleProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider>
        <fieldset role="none" disabled={!hydrated} className="contents">
          {children}
        </fieldset>
        <ThemedToaster />
      </ThemeProvider>
    </QueryClientProvider>
  );
}

export function App({ client, router }: { client: QueryClient; router: DataRouter }) {
  return (
    <ConsoleProviders client={client}>
      <RouterProvider router={router} />
    </ConsoleProviders>
  );
}
