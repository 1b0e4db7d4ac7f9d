/**
 * One rule's executions, newest first, with their progress; the list asks again every 2 s while
 * any of them runs. Replicate starts another; Stop ends a running one.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil, Play, Square } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { controlClass } from '../../components/ui/field';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { DefinitionList } from '../../components/ui/panel';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import type { ReplicationExecution } from '../../lib/replication-types';
import { executionsQuery, usePolicy, useStartReplication, useStopExecution } from './api/replication';
import { ExecutionProgress } from './components/execution-progress';
import { modeOf, routeOf, triggerOf } from './policy-text';
import { formatDuration, isRunning, statusLabel, statusTone, triggerLabel } from './status';

const FILTER_KEYS = ['status', 'trigger'] as const;

export default function ExecutionsPage() {
  const policyId = Number(useParams().policyId);
  const navigate = useNavigate();
  const policy = usePolicy(policyId);
  usePageTitle(policy.data ? `${policy.data.name} executions` : 'Replication executions');
  const { params, setParams, table, query: executions } = useListPage({ sort: '-start_time', filterKeys: FILTER_KEYS }, executionsQuery(policyId));
  const start = useStartReplication();
  const stop = useStopExecution();
  const [stopping, setStopping] = useState<ReplicationExecution | null>(null);

  const replicate = () =>
    policy.data &&
    start.mutate(policy.data, {
      onSuccess: () => toast.success(`Replication of ${policy.data.name} started.`),
      onError: (err) => toast.error(toApiError(err).message),
    });

  const columns: ColumnDef<ReplicationExecution, unknown>[] = [
    {
      header: 'ID',
      cell: ({ row }) => (
        <Link to={paths.admin.execution(row.original.id)} className="font-medium text-primary hover:underline" aria-label={`Execution ${row.original.id}`}>
          #{row.original.id}
        </Link>
      ),
    },
    { header: 'Status', cell: ({ row }) => <Badge tone={statusTone(row.original.status)}>{statusLabel(row.original.status)}</Badge> },
    { header: 'Trigger', cell: ({ row }) => triggerLabel(row.original.trigger) },
    { header: 'Started', meta: { sortField: 'start_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.start_time) },
    { header: 'Duration', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatDuration(row.original.start_time, row.original.end_time) },
    { header: 'Progress', cell: ({ row }) => <ExecutionProgress counts={row.original} label={`Progress of execution ${row.original.id}`} /> },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'text-right' },
      cell: ({ row }) =>
        isRunning(row.original.status) && (
          <Button size="sm" onClick={() => setStopping(row.original)} aria-label={`Stop execution ${row.original.id}`}>
            <Square size={12} aria-hidden /> Stop
          </Button>
        ),
    },
  ];

  if (policy.error) {
    return (
      <>
        <PageHeader crumbs={[{ label: 'Administration' }, { label: 'Replications', to: paths.admin.replications }]} title="Replication executions" />
        <QueryProblem error={policy.error} what="this replication rule" onRetry={() => void policy.refetch()} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }, { label: 'Replications', to: paths.admin.replications }]}
        title={policy.data?.name ?? 'Replication executions'}
        actions={
          policy.data && (
            <>
              <Button onClick={() => void navigate(paths.admin.editReplication(policyId))}>
                <Pencil size={14} aria-hidden /> Edit
              </Button>
              <Button variant="primary" onClick={replicate} busy={start.isPending} disabled={!policy.data.enabled}>
                <Play size={14} aria-hidden /> Replicate
              </Button>
            </>
          )
        }
      >
        {policy.data && (
          <div className="mt-3 rounded-lg border border-border bg-surface p-3">
            <DefinitionList
              items={[
                ['Mode', modeOf(policy.data)],
                ['Source and destination', routeOf(policy.data)],
                ['Trigger', triggerOf(policy.data)],
                ['Status', policy.data.enabled ? 'Enabled' : 'Disabled: enable it in the rules list to replicate'],
              ]}
            />
          </div>
        )}
      </PageHeader>
      <h2 className="mb-2 text-base font-semibold">Executions</h2>
      {isForbidden(executions.error) ? (
        <QueryProblem error={executions.error} what="the executions of this rule" />
      ) : (
        <>
          <div className="mb-3 flex flex-wrap gap-2">
            <label className="flex items-center gap-1 text-sm">
              Status
              <select className={controlClass} value={params.filters.status} onChange={(e) => setParams({ filters: { status: e.target.value } })}>
                <option value="">Any</option>
                <option value="InProgress">In progress</option>
                <option value="Succeed">Succeeded</option>
                <option value="Failed">Failed</option>
                <option value="Stopped">Stopped</option>
              </select>
            </label>
            <label className="flex items-center gap-1 text-sm">
              Trigger
              <select className={controlClass} value={params.filters.trigger} onChange={(e) => setParams({ filters: { trigger: e.target.value } })}>
                <option value="">Any</option>
                <option value="manual">Manual</option>
                <option value="scheduled">Scheduled</option>
                <option value="event_based">Event-based</option>
              </select>
            </label>
          </div>
          <DataTable
            label="Executions"
            columns={columns}
            {...table}
            rowKey={(e) => e.id}
            empty={
              <EmptyState title={params.filters.status || params.filters.trigger ? 'No execution matches these filters.' : 'This rule has not run yet.'}>
                Replicate starts one now; a scheduled or event-based rule starts its own.
              </EmptyState>
            }
          />
        </>
      )}
      <ConfirmMutation
        target={stopping}
        onClose={() => setStopping(null)}
        mutation={stop}
        title="Stop execution"
        message={(e) => <>Stop execution #{e.id}? Tasks still running are stopped; what was copied stays.</>}
        confirmLabel={() => 'Stop execution'}
        done={(e) => `Execution #${e.id} is stopping.`}
      />
    </>
  );
}
