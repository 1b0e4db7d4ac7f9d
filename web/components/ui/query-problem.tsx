/**
 * Why a page's data could not be shown: refused (403, the signed-in user lost the right), gone
 * (404), or another failure with the server's own sentence and a way to try again.
 */
import { toApiError } from '../../lib/api-client';
import { Button } from './button';

export function QueryProblem({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  const problem = toApiError(error);
  if (problem.status === 403) {
    return (
      <div className="py-2" role="alert">
        <h2 className="text-lg font-semibold">Not allowed</h2>
        <p className="mt-2 text-sm text-muted">You may not see {what}. Ask a system administrator if you need access.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-start gap-3 py-2" role="alert">
      <p className="text-sm text-danger">{problem.status === 404 ? `${what[0]!.toUpperCase()}${what.slice(1)} does not exist.` : problem.message}</p>
      {onRetry && problem.status !== 404 && <Button onClick={onRetry}>Try again</Button>}
    </div>
  );
}

/** True when a query failed because the user may not see its data. */
export const isForbidden = (error: unknown) => error !== null && error !== undefined && toApiError(error).status === 403;
