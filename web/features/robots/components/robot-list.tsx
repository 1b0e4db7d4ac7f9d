/**
 * The robot accounts of one scope (the system, or a project), shared by Administration > Robot
 * Accounts and the project's Robot Accounts tab: the table, New, and per row Refresh secret,
 * Disable/Enable and Delete. A new or refreshed secret opens SecretDialog, once.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { KeyRound, Plus, Power, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { ConfirmMutation } from '../../../components/ui/confirm-mutation';
import { DataTable } from '../../../components/ui/data-table';
import { FilterInput } from '../../../components/ui/filter-input';
import { Badge, EmptyState, formatTime } from '../../../components/ui/misc';
import { QueryProblem, isForbidden } from '../../../components/ui/query-problem';
import { RowMenu } from '../../../components/ui/row-menu';
import { toApiError } from '../../../lib/api-client';
import type { Project, Robot } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import { robotsQuery, useDeleteRobot, useRefreshSecret, useSetRobotDisabled } from '../api/robots';
import { RobotDialog } from './robot-dialog';
import { SecretDialog, type ShownSecret } from './secret-dialog';

function expiry(robot: Robot): string {
  if (robot.expires_at === -1) return 'Never';
  const at = robot.expires_at * 1000;
  return at <= Date.now() ? `Expired ${formatTime(new Date(at).toISOString())}` : formatTime(new Date(at).toISOString());
}

const permissionText = (robot: Robot) =>
  robot.permissions.map((p) => `${p.namespace === '*' ? 'all projects' : p.namespace}: ${p.access.map((a) => `${a.resource} ${a.action}`).join(', ')}`).join('; ');

export function RobotList({ project, canManage }: { project: Project | null; canManage: boolean }) {
  const { params, setParams, table, filter, query: robots } = useListPage({ sort: '-creation_time' }, robotsQuery(project?.project_id ?? null));
  const refresh = useRefreshSecret();
  const toggle = useSetRobotDisabled();
  const remove = useDeleteRobot();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [deleting, setDeleting] = useState<Robot | null>(null);

  const refreshSecret = (robot: Robot) =>
    refresh.mutate(robot, {
      onSuccess: (secret) => setShown({ name: robot.name, secret, event: 'refreshed' }),
      onError: (err) => toast.error(toApiError(err).message),
    });
  const setDisabled = (robot: Robot, disable: boolean) =>
    toggle.mutate(
      { robot, disable },
      {
        onSuccess: () => toast.success(`${robot.name} ${disable ? 'disabled' : 'enabled'}.`),
        onError: (err) => toast.error(toApiError(err).message),
      },
    );

  const columns: ColumnDef<Robot, unknown>[] = [
    { header: 'Name', meta: { sortField: 'name' }, cell: ({ row }) => <span className="font-medium break-all">{row.original.name}</span> },
    { header: 'Status', cell: ({ row }) => (row.original.disable ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Enabled</Badge>) },
    { header: 'Permissions', cell: ({ row }) => <span className="text-xs [overflow-wrap:anywhere]">{permissionText(row.original)}</span> },
    { header: 'Expires', meta: { sortField: 'expires_at', className: 'whitespace-nowrap' }, cell: ({ row }) => expiry(row.original) },
    { header: 'Description', cell: ({ row }) => <span className="break-all">{row.original.description}</span> },
    { header: 'Created', meta: { sortField: 'creation_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.creation_time) },
  ];
  if (canManage) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <RowMenu
          label={`Actions for ${row.original.name}`}
          actions={[
            { label: 'Refresh secret', icon: <KeyRound size={14} aria-hidden />, onSelect: () => refreshSecret(row.original) },
            {
              label: row.original.disable ? 'Enable' : 'Disable',
              icon: <Power size={14} aria-hidden />,
              onSelect: () => setDisabled(row.original, !row.original.disable),
            },
            { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(row.original), danger: true },
          ]}
        />
      ),
    });
  }

  const newButton = canManage && (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus size={14} aria-hidden /> New robot account
    </Button>
  );

  if (isForbidden(robots.error)) return <QueryProblem error={robots.error} what="the robot accounts" />;
  return (
    <>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <FilterInput label="Filter robot accounts by name" placeholder="Filter by name" {...filter} />
        {newButton}
      </div>
      <DataTable
        label="Robot accounts"
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        empty={
          params.filter ? (
            <EmptyState title={`No robot account name contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all robot accounts</Button>}>
              Check the spelling, or create the robot account.
            </EmptyState>
          ) : (
            <EmptyState title="No robot accounts yet." action={newButton}>
              A robot account lets a CI pipeline push and pull with its own name and secret, limited to the permissions you give it.
            </EmptyState>
          )
        }
      />
      <RobotDialog open={creating} project={project} onClose={() => setCreating(false)} onCreated={(created) => setShown({ name: created.name, secret: created.secret, event: 'created' })} />
      <SecretDialog shown={shown} onClose={() => setShown(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete robot account"
        message={(r) => (
          <>
            Delete <strong className="break-all">{r.name}</strong>? Pipelines that use it stop working at once.
          </>
        )}
        confirmLabel={(r) => `Delete ${r.name}`}
        done={(r) => `Robot account ${r.name} deleted.`}
      />
    </>
  );
}
