/** An execution's task counts in words and as a bar: succeeded, failed, stopped, still going. */
import type { ReplicationExecution } from '../../../lib/replication-types';

type Counts = Pick<ReplicationExecution, 'total' | 'succeed' | 'failed' | 'in_progress' | 'stopped'>;

export function countsText(c: Counts): string {
  if (!c.total) return 'No tasks';
  const parts = [`${c.succeed} of ${c.total} succeeded`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.stopped) parts.push(`${c.stopped} stopped`);
  if (c.in_progress) parts.push(`${c.in_progress} in progress`);
  return parts.join(', ');
}

export function ExecutionProgress({ counts, label }: { counts: Counts; label: string }) {
  const total = counts.total || 0;
  const done = counts.succeed + counts.failed + counts.stopped;
  const share = (n: number) => (total ? `${(100 * n) / total}%` : '0%');
  return (
    <div className="flex min-w-32 flex-col gap-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={countsText(counts)}
        className="flex h-2 w-full overflow-hidden rounded bg-surface-2"
      >
        <div className="bg-success" style={{ width: share(counts.succeed) }} />
        <div className="bg-danger" style={{ width: share(counts.failed) }} />
        <div className="bg-warning" style={{ width: share(counts.stopped) }} />
      </div>
      <span className="text-xs text-muted">{countsText(counts)}</span>
    </div>
  );
}
