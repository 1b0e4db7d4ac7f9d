/** The outcome of "Test connection" / "Test LDAP server", beside its button, in words. */
import { CheckCircle2, XCircle } from 'lucide-react';
import { Button } from './button';

export type TestOutcome = { state: 'idle' } | { state: 'testing' } | { state: 'passed' | 'failed'; message: string };

export function TestResult({ outcome, label }: { outcome: TestOutcome; label: string }) {
  // One live region that is always there, so screen readers hear each new outcome.
  return (
    <div aria-live="polite" aria-label={label} role="status" className="min-h-5 text-sm">
      {outcome.state === 'testing' && <span className="text-muted">Testing...</span>}
      {outcome.state === 'passed' && (
        <span className="flex items-start gap-1.5 text-success">
          <CheckCircle2 size={16} className="mt-0.5 shrink-0" aria-hidden />
          {outcome.message}
        </span>
      )}
      {outcome.state === 'failed' && (
        <span className="flex items-start gap-1.5 text-danger">
          <XCircle size={16} className="mt-0.5 shrink-0" aria-hidden />
          {outcome.message}
        </span>
      )}
    </div>
  );
}

/** A test's mutation as an outcome: what it says when it passed, and its refusal in words when it failed. */
export function outcomeOf(test: { isPending: boolean; isSuccess: boolean; error: Error | null }, passed: string, failed: (error: Error) => string): TestOutcome {
  if (test.isPending) return { state: 'testing' };
  if (test.isSuccess) return { state: 'passed', message: passed };
  return test.error ? { state: 'failed', message: failed(test.error) } : { state: 'idle' };
}

/** A dialog form's "Test connection" row (both columns of its grid): the button and the outcome under it. */
export function TestConnection({ onTest, outcome }: { onTest: () => void; outcome: TestOutcome }) {
  return (
    <div className="flex flex-col gap-2 sm:col-span-2">
      <div>
        <Button onClick={onTest} busy={outcome.state === 'testing'}>
          Test connection
        </Button>
      </div>
      <TestResult label="Connection test" outcome={outcome} />
    </div>
  );
}
