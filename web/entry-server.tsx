/**
 * The console's first page rendered on the server (server/http/spa.ts puts it into the HTML), by
 * the same components, routes and data cache as in the browser, so the page shows and its links
 * work before any of its code has run; the browser then hydrates it (main.tsx).
 *
 * The data comes only from the answers the server computed for the visit, the ones its HTML
 * carries (server/api/console-visit.ts), handed to the page's own queries as the browser hands
 * them; a page needing any other request is not rendered here (null), and gets the plain shell.
 */
import { StrictMode } from 'react';
import { prerender } from 'react-dom/static';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { ConsoleProviders } from './app/app';
import { createQueryClient, queriesSettled } from './app/query-client';
import { consoleRoutes } from './app/router';
import { currentUserQuery } from './lib/auth';
import { answersFrom, type FirstAnswer } from './lib/first-answers';

/**
 * Keeps each visit's answers apart while visits render concurrently: the server passes a Node
 * AsyncLocalStorage (this file is typed for the browser's globals, without Node's).
 */
export interface VisitScope {
  run<R>(answers: Map<string, FirstAnswer>, render: () => R): R;
  getStore(): Map<string, FirstAnswer> | undefined;
}

/** Long enough for the pages' code to load on the first visit, short of keeping a visitor waiting. */
const RENDER_TIMEOUT_MS = 3_000;

/**
 * The renderer: the markup of the page at `url` (path and query) for #root, or null when it
 * cannot be rendered from these answers alone. It throws on a failure of its own.
 */
export function createRenderer(visits: VisitScope): (url: string, answers: Record<string, FirstAnswer>) => Promise<string | null> {
  answersFrom(() => visits.getStore());
  return (url, answers) => visits.run(new Map(Object.entries(answers)), () => renderPage(url));
}

async function renderPage(url: string): Promise<string | null> {
  const client = createQueryClient();
  // As in the browser (main.tsx): who is signed in first, then the routes' loaders.
  void client.prefetchQuery(currentUserQuery);
  const handler = createStaticHandler(consoleRoutes(client));
  const context = await handler.query(new Request(new URL(url, 'http://berth.invalid')));
  if (context instanceof Response || context.errors) return null;
  await queriesSettled(client);
  if (client.getQueryCache().getAll().some((query) => query.state.status !== 'success')) return null;

  let failed = false;
  const { prelude } = await prerender(
    <StrictMode>
      <ConsoleProviders client={client}>
        {/* No hydration script: the Content-Security-Policy allows none inline; the browser runs the loaders itself. */}
        <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />
      </ConsoleProviders>
    </StrictMode>,
    {
      signal: AbortSignal.timeout(RENDER_TIMEOUT_MS),
      // Every part in place, none written apart to be moved in by an inline script (the CSP allows none).
      progressiveChunkSize: Number.POSITIVE_INFINITY,
      // A part left to the browser would be rendered there afresh, with an error logged: the whole page is, instead.
      onError: () => {
        failed = true;
      },
    },
  );
  const markup = await new Response(prelude).text();
  // React puts preloads for the page's images first (for a whole document they go in its head);
  // in the HTML those images are found at once anyway, and #root is to hold the page alone.
  // A script React would need to finish the page could not run under the CSP: the shell instead.
  return failed || markup.includes('<script') ? null : markup.replace(/^(<link [^>]*>)+/, '');
}
