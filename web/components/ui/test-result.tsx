/** The outcome of "Test connection" / "Test LDAP server", beside its button, in words. */
import { CheckCircle2, XCircle } from 'lucide-react';

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
