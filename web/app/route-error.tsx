/**
 * What a route shows when it fails. A tab left open across an upgrade asks for code files that
 * no longer exist: that reloads the page once (the new index.html names the new files) instead
 * of showing a bare router error; anything else says what happened, with a way on.
 */
import { useRouteError } from 'react-router';

const RELOADED = 'berth.reloaded-for-chunk';

const isChunkLoadFailure = (err: unknown) =>
  err instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically|Failed to fetch/i.test(err.message);

export function RouteError() {
  const error = useRouteError();
  if (isChunkLoadFailure(error) && !sessionStorage.getItem(RELOADED)) {
    sessionStorage.setItem(RELOADED, '1');
    window.location.reload();
    return <p className="p-8 text-muted">Berth was updated; loading the new version…</p>;
  }
  sessionStorage.removeItem(RELOADED);
  return (
    <div className="mx-auto max-w-lg p-8" role="alert">
      <h1 className="text-xl font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-muted">
        {isChunkLoadFailure(error) ? 'Part of the console could not be loaded. Check your connection and reload the page.' : 'Something went wrong on this page.'}
      </p>
      <button type="button" className="mt-4 rounded border border-border px-3 py-1.5 text-sm" onClick={() => window.location.reload()}>
        Reload the page
      </button>
    </div>
  );
}
