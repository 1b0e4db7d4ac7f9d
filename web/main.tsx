/**
 * The console in the browser. A page the server rendered (web/entry-server.tsx) is hydrated: the
 * browser first gets to the state the server rendered from (the matched routes' code, their
 * loaders' results, the data cache filled from the same answers the HTML carries), so its first
 * render is the server's markup and React keeps it. Any other page is rendered here as before.
 */
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type HydrationState } from 'react-router';
import { App } from './app/app';
import { titleFor } from './app/page-title';
import { queriesSettled, queryClient } from './app/query-client';
import { consoleRoutes } from './app/router';
import { currentUserQuery } from './lib/auth';
import './index.css';

const routes = consoleRoutes(queryClient);

// Who is signed in is asked at once, while the first page's code is still on its way.
void queryClient.prefetchQuery(currentUserQuery);

/** Loads the matched routes' code and runs their loaders, as the server did before rendering. */
async function serverState(): Promise<HydrationState> {
  const matches = matchRoutes(routes, window.location) ?? [];
  await Promise.all(
    matches.map(async ({ route }) => {
      if (typeof route.lazy !== 'function') return;
      const loaded = await route.lazy();
      Object.assign(route, loaded, { lazy: undefined });
    }),
  );
  const url = new URL(window.location.href);
  const request = new Request(url);
  const pattern = `/${matches.flatMap(({ route }) => (route.path ? [route.path] : [])).join('/')}`;
  const loaderData: Record<string, unknown> = {};
  for (const { route, params } of matches) {
    if (typeof route.loader === 'function' && route.id) loaderData[route.id] = await route.loader({ request, url, pattern, params, context: undefined });
  }
  await queriesSettled(queryClient);
  return { loaderData };
}

function start(container: HTMLElement, hydrationData?: HydrationState) {
  const router = createBrowserRouter(routes, { hydrationData });
  document.title = titleFor(router.state.location.pathname);
  router.subscribe((state) => {
    document.title = titleFor(state.location.pathname);
  });
  const app = (
    <StrictMode>
      <App client={queryClient} router={router} />
    </StrictMode>
  );
  // Marked for bench/console-load.ts: from here React answers clicks on the server's markup.
  if (hydrationData) performance.mark('berth:hydrate');
  if (hydrationData) hydrateRoot(container, app);
  else createRoot(container).render(app);
}

const container = document.getElementById('root')!;
if (container.firstElementChild) {
  // Should the page's code fail to load (a tab open across an upgrade), the page is rendered afresh instead.
  serverState().then(
    (state) => start(container, state),
    () => start(container),
  );
} else {
  start(container);
}
