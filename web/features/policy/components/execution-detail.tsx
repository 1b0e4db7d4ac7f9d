/** One retention execution (the log keeps its table's columns and scrolls inside its box): per repository what goes and what stays, with pulls and the bytes freed, and each task's log. */
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Badge, formatBytes, formatTime, neverPulled } from '../../../components/ui/misc';
import { Panel } from '../../../components/ui/panel';
import { SimpleTable } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import type { RetentionExecution, RetentionTask } from '../../../lib/api-types';
import { useRetentionTaskLog, useRetentionTasks } from '../api/policy';

type Verdict = NonNullable<RetentionTask['artifacts']>[number];

function TaskLog({ policyId, executionId, taskId }: { policyId: number; executionId: number; taskId: number }) {
  const log = useRetentionTaskLog(policyId, executionId, taskId);
  return (
    <pre tabIndex={0} aria-label={`Log of task ${taskId}`} className="mt-2 max-h-96 overflow-auto rounded border border-border bg-surface-2 p-2 font-mono text-xs whitespace-pre">
      {log.error ? toApiError(log.error).message : (log.data ?? 'Loading the log…') || 'The log is empty so far.'}
    </pre>
  );
}

function RepositoryResult({ policyId, execution, task }: { policyId: number; execution: RetentionExecution; task: RetentionTask }) {
  const [showLog, setShowLog] = useState(false);
  const verb = execution.dry_run ? 'would be' : 'are';
  return (
    <Panel
      title={task.repository}
      className="mt-3 min-w-0"
      actions={
        <Button size="sm" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
          {showLog ? 'Hide log' : 'Show log'}
        </Button>
      }
    >
      <p className="mb-2 text-sm">
        {task.deleted ?? 0} of {task.total} artifacts {verb} deleted, {task.retained} retained; <strong>{formatBytes(task.bytes_freed ?? 0)}</strong> {execution.dry_run ? 'would be freed' : 'freed'}.
      </p>
      <SimpleTable<Verdict>
        label={`Artifacts of ${task.repository}`}
        rows={task.artifacts ?? []}
        rowKey={(a) => a.digest}
        empty="No artifacts."
        columns={[
          { header: 'Tags', cell: (a) => (a.tags.length ? a.tags.map((t) => `${t.name} (${t.pull_count} pulls)`).join(', ') : <span className="text-muted">untagged</span>) },
          { header: 'Pushed', className: 'whitespace-nowrap', cell: (a) => formatTime(a.push_time) },
          { header: 'Pulled', className: 'whitespace-nowrap', cell: (a) => (neverPulled(a.pull_time) ? 'Never' : formatTime(a.pull_time)) },
          { header: 'Pulls', className: 'text-right tabular-nums', cell: (a) => a.pull_count },
          { header: 'Size', className: 'whitespace-nowrap text-right', cell: (a) => formatBytes(a.size) },
          { header: 'Frees', className: 'whitespace-nowrap text-right', cell: (a) => (a.action === 'delete' ? formatBytes(a.bytes_freed) : '—') },
          {
            header: 'Verdict',
            cell: (a) => (a.action === 'delete' ? <Badge tone="danger">Delete</Badge> : <Badge tone="success">Retain{a.reasons.length ? `: ${a.reasons.join(', ')}` : ''}</Badge>),
          },
        ]}
      />
      {showLog && <TaskLog policyId={policyId} executionId={execution.id} taskId={task.id} />}
    </Panel>
  );
}

export function ExecutionDetail({ policyId, execution }: { policyId: number; execution: RetentionExecution }) {
  const live = ['Pending', 'Running'].includes(execution.status);
  const tasks = useRetentionTasks(policyId, execution.id, live);
  return (
    <section aria-label={`Execution ${execution.id}`} className="mt-4">
      <h3 className="text-sm font-semibold">
        {execution.dry_run ? 'Dry run' : 'Run'} {execution.id}: {execution.deleted ?? 0} artifacts {execution.dry_run ? 'would be' : 'were'} deleted, {formatBytes(execution.bytes_freed ?? 0)}{' '}
        {execution.dry_run ? 'would be freed' : 'freed'}
      </h3>
      {tasks.error && <p className="text-sm text-danger">{toApiError(tasks.error).message}</p>}
      {tasks.data?.length === 0 && <p className="mt-2 text-sm text-muted">No repository matches the rules: nothing to do.</p>}
      {tasks.data?.map((task) => <RepositoryResult key={task.id} policyId={policyId} execution={execution} task={task} />)}
    </section>
  );
}
