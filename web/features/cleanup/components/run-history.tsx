/** A clean-up's newest runs with their outcome, and the chosen run's log, followed while it runs. */
import { Button } from '../../../components/ui/button';
import { Badge, formatBytes, formatTime } from '../../../components/ui/misc';
import { SimpleTable } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import { isLive, useCleanupLog, useCleanupRuns, useStopRun, type CleanupKind, type CleanupRun } from '../api/cleanup';

const TONES: Record<string, 'success' | 'danger' | 'warning' | 'primary' | 'neutral'> = { Success: 'success', Error: 'danger', Stopped: 'warning', Running: 'primary' };

/** What a run did (or found, dry), from its parameters and outcome. */
export function outcome(kind: CleanupKind, run: CleanupRun): string {
  const p = JSON.parse(run.job_parameters || '{}') as Record<string, number | boolean | undefined>;
  if (kind === 'purgeaudit') return p.purged === undefined ? '' : `${p.purged} records ${p.dry_run ? 'would be purged' : 'purged'}`;
  if (p.purged_files === undefined) return '';
  const artifacts = p.purged_artifacts ? `${p.purged_artifacts} untagged artifacts, ` : '';
  return `${artifacts}${p.purged_files} blobs, ${formatBytes(Number(p.freed_space ?? 0))} ${p.dry_run ? 'would be freed' : 'freed'}`;
}

export function RunHistory({ kind, label, selected, onSelect }: { kind: CleanupKind; label: string; selected: number | null; onSelect: (id: number | null) => void }) {
  const runs = useCleanupRuns(kind);
  const stop = useStopRun(kind);
  const chosen = runs.data?.find((r) => r.id === selected);
  return (
    <>
      <SimpleTable
        label={label}
        rows={runs.data}
        rowKey={(r) => String(r.id)}
        error={runs.error ? toApiError(runs.error).message : undefined}
        empty="No runs yet."
        columns={[
          { header: 'ID', cell: (r) => r.id },
          { header: 'Trigger', cell: (r) => (r.job_kind === 'SCHEDULE' ? 'Schedule' : 'Manual') },
          { header: 'Dry run', cell: (r) => ((JSON.parse(r.job_parameters || '{}') as { dry_run?: boolean }).dry_run ? 'Yes' : 'No') },
          { header: 'Status', cell: (r) => <Badge tone={TONES[r.job_status] ?? 'neutral'}>{r.job_status}</Badge> },
          { header: 'Result', cell: (r) => outcome(kind, r), className: 'min-w-40' },
          { header: 'Started', cell: (r) => formatTime(r.creation_time), className: 'whitespace-nowrap' },
          {
            header: <span className="sr-only">Actions</span>,
            cell: (r) => (
              <div className="flex gap-1">
                <Button size="sm" variant="ghost" onClick={() => onSelect(r.id)} aria-label={`Log of run ${r.id}`}>
                  Log
                </Button>
                {isLive(r) && (
                  <Button size="sm" variant="ghost" onClick={() => stop.mutate(r.id)} aria-label={`Stop run ${r.id}`}>
                    Stop
                  </Button>
                )}
              </div>
            ),
          },
        ]}
      />
      {selected !== null && <RunLog kind={kind} id={selected} live={chosen === undefined || isLive(chosen)} />}
    </>
  );
}

function RunLog({ kind, id, live }: { kind: CleanupKind; id: number; live: boolean }) {
  const log = useCleanupLog(kind, id, live);
  return (
    <div className="mt-3 min-w-0">
      <h3 className="mb-1 text-sm font-semibold">Log of run {id}</h3>
      {log.error ? (
        <p role="alert" className="text-sm text-danger">
          {toApiError(log.error).message}
        </p>
      ) : (
        <pre
          tabIndex={0}
          aria-label={`Log of run ${id}`}
          className="max-h-80 overflow-auto rounded border border-border bg-surface-2 p-2 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]"
        >
          {log.data === undefined ? 'Loading the log…' : log.data || 'The log is empty so far.'}
        </pre>
      )}
    </div>
  );
}
