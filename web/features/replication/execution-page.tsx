/**
 * One execution: its status and counts (live while it runs), its tasks, and the log of the task
 * chosen (kept in the URL as ?task=, so a link opens the same log).
 */
import type { ColumnDef } from '@tanstack/react-table';
import { FileText, Square } from 'lucide-react';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { Badge, EmptyState, PageHeader, formatBytes, formatTime } from '../../components/ui/misc';
import { DefinitionList } from '../../components/ui/panel';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { paths } from '../../config/paths';
import { useListParams } from '../../lib/list-params';
import { usePageTitle } from '../../lib/page-title';
import type { ReplicationTask } from '../../lib/replication-types';
import { useExecution, useStopExecution, useTasks } from './api/replication';
import { ExecutionProgress } from './components/execution-progress';
import { TaskLog } from './components/task-log';
import { formatDuration, formatMilliseconds, isRunning, statusLabel, statusTone, triggerLabel } from './status';

const FILTER_KEYS = ['status'] as const;

export default function ExecutionPage() {
  const executionId = Number(useParams().executionId);
  usePageTitle(`Execution ${executionId}`);
  const execution = useExecution(executionId);
  const running = isRunning(execution.data?.status);
  const [params, setParams] = useListParams({ filterKeys: FILTER_KEYS });
  const tasks = useTasks(executionId, params, running);
  const stop = useStopExecution();
  const [stopping, setStopping] = useState(false);
  const [search, setSearch] = useSearchParams();
  const taskId = Number(search.get('task')) || null;
  const openLog = (task: ReplicationTask) =>
    setSearch((current) => {
      const next = new URLSearchParams(current);
      next.set('task', String(task.id));
      return next;
    });
  const shownTask = tasks.data?.items.find((t) => t.id === taskId);

  const columns: ColumnDef<ReplicationTask, unknown>[] = [
    { header: 'Resource', cell: ({ row }) => <span className="font-mono text-xs break-all">{row.original.src_resource || '—'}</span> },
    { header: 'Destination', cell: ({ row }) => <span className="font-mono text-xs break-all">{row.original.dst_resource || '—'}</span> },
    { header: 'Operation', cell: ({ row }) => row.original.operation || '—' },
    {
      header: 'Status',
      cell: ({ row }) => (
        <span className="flex flex-col items-start gap-0.5">
          <Badge tone={statusTone(row.original.status)}>{statusLabel(row.original.status)}</Badge>
          {row.original.status_text && <span className="text-xs text-muted">{row.original.status_text}</span>}
        </span>
      ),
    },
    {
      header: 'Duration',
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row }) =>
        row.original.duration !== undefined ? formatMilliseconds(row.original.duration) : formatDuration(row.original.start_time, row.original.end_time),
    },
    {
      id: 'log',
      header: () => <span className="sr-only">Log</span>,
      meta: { className: 'text-right' },
      cell: ({ row }) => (
        <Button size="sm" variant="ghost" onClick={() => openLog(row.original)} aria-label={`Log of task ${row.original.id}`}>
          <FileText size={12} aria-hidden /> Log
        </Button>
      ),
    },
  ];

  // Bytes are not in Harbor's task shape: the column shows only when the server reports them.
  if (tasks.data?.items.some((t) => t.bytes !== undefined)) {
    columns.splice(4, 0, { header: 'Size', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatBytes(row.original.bytes) });
  }
  const crumbs = [{ label: 'Administration' }, { label: 'Replications', to: paths.admin.replications }];
  if (execution.error) {
    return (
      <>
        <PageHeader crumbs={crumbs} title={`Execution ${executionId}`} />
        <QueryProblem error={execution.error} what="this execution" onRetry={() => void execution.refetch()} />
      </>
    );
  }
  const data = execution.data;
  return (
    <>
      <PageHeader
        crumbs={data ? [...crumbs, { label: 'Rule executions', to: paths.admin.replication(data.policy_id) }] : crumbs}
        title={`Execution ${executionId}`}
        actions={
          running && (
            <Button onClick={() => setStopping(true)}>
              <Square size={14} aria-hidden /> Stop
            </Button>
          )
        }
      >
        <div className="mt-3 rounded-lg border border-border bg-surface p-3" aria-busy={!data || undefined}>
          {data ? (
            <DefinitionList
              items={[
                ['Status', <Badge key="s" tone={statusTone(data.status)}>{statusLabel(data.status)}</Badge>],
                ...(data.status_text ? [['Message', data.status_text] as [string, string]] : []),
                ['Trigger', triggerLabel(data.trigger)],
                ['Started', formatTime(data.start_time)],
                ['Duration', formatDuration(data.start_time, data.end_time)],
                ['Progress', <ExecutionProgress key="p" counts={data} label={`Progress of execution ${data.id}`} />],
              ]}
            />
          ) : (
            <p className="text-sm text-muted">Loading the execution…</p>
          )}
        </div>
      </PageHeader>
      <h2 className="mb-2 text-base font-semibold">Tasks</h2>
      {isForbidden(tasks.error) ? (
        <QueryProblem error={tasks.error} what="the tasks of this execution" />
      ) : (
        <DataTable
          label="Tasks"
          columns={columns}
          query={tasks}
          params={params}
          onParams={setParams}
          rowKey={(t) => t.id}
          empty={
            <EmptyState title={running ? 'No tasks yet.' : 'This execution had nothing to copy.'}>
              {running ? 'The rule is still looking for what to copy.' : 'The filters of the rule selected no artifact that the destination lacked.'}
            </EmptyState>
          }
        />
      )}
      {taskId !== null && (
        <TaskLog executionId={executionId} taskId={taskId} title={shownTask?.src_resource} live={running || isRunning(shownTask?.status)} />
      )}
      <ConfirmMutation
        target={stopping && data ? data : null}
        onClose={() => setStopping(false)}
        mutation={stop}
        title="Stop execution"
        message={(e) => <>Stop execution #{e.id}? Tasks still running are stopped; what was copied stays.</>}
        confirmLabel={() => 'Stop execution'}
        done={(e) => `Execution #${e.id} is stopping.`}
      />
    </>
  );
}
