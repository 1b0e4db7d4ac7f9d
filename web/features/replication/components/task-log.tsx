/**
 * A task's log as the server wrote it: monospace, scrolled inside its box, long lines wrapped so
 * a 390 px screen reads them without scrolling sideways; followed while the task runs.
 */
import { Panel } from '../../../components/ui/panel';
import { QueryProblem } from '../../../components/ui/query-problem';
import { useTaskLog } from '../api/replication';

export function TaskLog({ executionId, taskId, title, live }: { executionId: number; taskId: number; title: string | undefined; live: boolean }) {
  const log = useTaskLog(executionId, taskId, live);
  return (
    <Panel title={`Log of task ${taskId}${title ? ` (${title})` : ''}`} className="mt-4 min-w-0">
      {log.error ? (
        <QueryProblem error={log.error} what="this task's log" onRetry={() => void log.refetch()} />
      ) : log.data === undefined ? (
        <p className="text-sm text-muted">Loading the log…</p>
      ) : (
        <pre
          tabIndex={0}
          aria-label={`Log of task ${taskId}`}
          className="max-h-96 overflow-auto rounded border border-border bg-surface-2 p-2 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]"
        >
          {log.data || 'The log is empty so far.'}
        </pre>
      )}
    </Panel>
  );
}
