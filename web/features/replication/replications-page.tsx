/** Administration > Replications: the rules, each with its last run, and what can be done with them. */
import type { ColumnDef } from '@tanstack/react-table';
import { History, Pencil, Play, Plus, Power, PowerOff, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { RowMenu } from '../../components/ui/row-menu';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import type { ReplicationPolicy } from '../../lib/replication-types';
import { policiesQuery, useDeletePolicy, useLastExecution, useSetPolicyEnabled, useStartReplication } from './api/replication';
import { modeOf, routeOf, triggerOf } from './policy-text';
import { statusLabel, statusTone } from './status';

/** A rule's newest run: its status and when it started, or "Never". */
function LastRun({ policyId }: { policyId: number }) {
  const { data, isPending } = useLastExecution(policyId);
  if (isPending) return <span className="text-muted">…</span>;
  if (!data) return <span className="text-muted">Never</span>;
  return (
    <Link to={paths.admin.execution(data.id)} className="flex flex-col items-start gap-0.5 hover:underline">
      <Badge tone={statusTone(data.status)}>{statusLabel(data.status)}</Badge>
      <span className="text-xs whitespace-nowrap text-muted">{formatTime(data.start_time)}</span>
    </Link>
  );
}

export default function ReplicationsPage() {
  usePageTitle('Replications');
  const navigate = useNavigate();
  const { params, setParams, table, filter, query: policies } = useListPage({ sort: 'name' }, policiesQuery);
  const remove = useDeletePolicy();
  const setEnabled = useSetPolicyEnabled();
  const start = useStartReplication();
  const [deleting, setDeleting] = useState<ReplicationPolicy | null>(null);

  const replicate = (policy: ReplicationPolicy) =>
    start.mutate(policy, {
      onSuccess: (executionId) => {
        toast.success(`Replication of ${policy.name} started.`);
        void navigate(executionId ? paths.admin.execution(executionId) : paths.admin.replication(policy.id));
      },
      onError: (err) => toast.error(toApiError(err).message),
    });
  const toggle = (policy: ReplicationPolicy) =>
    setEnabled.mutate(
      { policy, enabled: !policy.enabled },
      {
        onSuccess: () => toast.success(policy.enabled ? `Rule ${policy.name} disabled.` : `Rule ${policy.name} enabled.`),
        onError: (err) => toast.error(toApiError(err).message),
      },
    );

  const columns: ColumnDef<ReplicationPolicy, unknown>[] = [
    {
      header: 'Name',
      meta: { sortField: 'name' },
      cell: ({ row }) => (
        <Link to={paths.admin.replication(row.original.id)} className="font-medium break-all text-primary hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { header: 'Status', cell: ({ row }) => (row.original.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>) },
    { header: 'Source and destination', cell: ({ row }) => <span className="break-all">{routeOf(row.original)}</span> },
    { header: 'Mode', cell: ({ row }) => modeOf(row.original) },
    { header: 'Trigger', cell: ({ row }) => triggerOf(row.original) },
    { header: 'Last run', cell: ({ row }) => <LastRun policyId={row.original.id} /> },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => {
        const policy = row.original;
        return (
          <RowMenu
            label={`Actions for ${policy.name}`}
            actions={[
              { label: 'Replicate', icon: <Play size={14} aria-hidden />, onSelect: () => replicate(policy), disabled: !policy.enabled },
              { label: 'Executions', icon: <History size={14} aria-hidden />, onSelect: () => void navigate(paths.admin.replication(policy.id)) },
              policy.enabled
                ? { label: 'Disable', icon: <PowerOff size={14} aria-hidden />, onSelect: () => toggle(policy) }
                : { label: 'Enable', icon: <Power size={14} aria-hidden />, onSelect: () => toggle(policy) },
              { label: 'Edit', icon: <Pencil size={14} aria-hidden />, onSelect: () => void navigate(paths.admin.editReplication(policy.id)) },
              { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(policy), danger: true },
            ]}
          />
        );
      },
    },
  ];

  const newButton = (
    <Button variant="primary" onClick={() => void navigate(paths.admin.newReplication)}>
      <Plus size={14} aria-hidden /> New rule
    </Button>
  );

  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Replications" actions={!isForbidden(policies.error) && newButton} />
      {isForbidden(policies.error) ? (
        <QueryProblem error={policies.error} what="the replication rules" />
      ) : (
        <>
          <div className="mb-3">
            <FilterInput label="Filter rules by name" placeholder="Filter by name" {...filter} />
          </div>
          <DataTable
            label="Replication rules"
            columns={columns}
            {...table}
            rowKey={(p) => p.id}
            empty={
              params.filter ? (
                <EmptyState title={`No rule name contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all rules</Button>}>
                  Check the spelling, or create the rule.
                </EmptyState>
              ) : (
                <EmptyState title="No replication rules yet." action={newButton}>
                  A rule copies images between this registry and a registry endpoint: pushed out, or pulled in, by hand, on a schedule or as they
                  are pushed.
                </EmptyState>
              )
            }
          />
        </>
      )}
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete replication rule"
        message={(p) => (
          <>
            Delete the rule <strong className="break-all">{p.name}</strong> and the record of its executions? Images already copied stay where they
            are.
          </>
        )}
        confirmLabel={(p) => `Delete ${p.name}`}
        done={(p) => `Rule ${p.name} deleted.`}
      />
    </>
  );
}
