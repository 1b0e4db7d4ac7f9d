/** The Members tab: who has which role in the project; admins add, re-role and remove members. */
import type { ColumnDef } from '@tanstack/react-table';
import { Trash2, UserPlus, UsersRound } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { DataTable } from '../../components/ui/data-table';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { FilterInput } from '../../components/ui/filter-input';
import { EmptyState } from '../../components/ui/misc';
import { toApiError } from '../../lib/api-client';
import type { Project, ProjectMember } from '../../lib/api-types';
import { useCurrentUser } from '../../lib/auth';
import { useListPage } from '../../lib/list-page';
import { useProjectPermissions } from '../../lib/permissions';
import { ROLES, roleLabel } from '../../lib/roles';
import { membersQuery, useChangeMemberRole, useRemoveMember } from './api/members';
import { AddGroupDialog } from './components/add-group-dialog';
import { AddMemberDialog } from './components/add-member-dialog';

function RoleSelect({ projectId, member }: { projectId: number; member: ProjectMember }) {
  const change = useChangeMemberRole(projectId);
  return (
    <select
      aria-label={`Role of ${member.entity_name}`}
      className="h-7 rounded border border-border bg-surface px-1 text-sm"
      value={member.role_id}
      disabled={change.isPending}
      onChange={(e) => {
        const roleId = Number(e.target.value);
        change.mutate(
          { member, roleId },
          {
            onSuccess: () => toast.success(`${member.entity_name} is now ${roleLabel(roleId)}.`),
            onError: (err) => toast.error(toApiError(err).message),
          },
        );
      }}
    >
      {ROLES.map((role) => (
        <option key={role.id} value={role.id}>
          {role.label}
        </option>
      ))}
    </select>
  );
}

export default function MembersTab({ project }: { project: Project }) {
  const projectId = project.project_id;
  const { data: me } = useCurrentUser();
  const { can } = useProjectPermissions(projectId);
  const { params, table, filter } = useListPage({ sort: 'entity_name' }, membersQuery(projectId));
  const remove = useRemoveMember(projectId);
  const [adding, setAdding] = useState(false);
  const [addingGroup, setAddingGroup] = useState(false);
  const [removing, setRemoving] = useState<ProjectMember | null>(null);
  const isMe = (m: ProjectMember) => m.entity_type === 'u' && m.entity_id === me?.user_id;

  const columns: ColumnDef<ProjectMember, unknown>[] = [
    { header: 'Name', meta: { sortField: 'entity_name' }, cell: ({ row }) => <span className="font-medium">{row.original.entity_name}</span> },
    { header: 'Type', cell: ({ row }) => (row.original.entity_type === 'u' ? 'User' : 'Group') },
    {
      header: 'Role',
      meta: { sortField: 'role_id' },
      cell: ({ row }) =>
        can('member', 'update') && !isMe(row.original) ? <RoleSelect projectId={projectId} member={row.original} /> : roleLabel(row.original.role_id),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) =>
        can('member', 'delete') && !isMe(row.original) ? (
          <Button size="sm" variant="ghost" aria-label={`Remove ${row.original.entity_name}`} onClick={() => setRemoving(row.original)}>
            <Trash2 size={14} aria-hidden />
          </Button>
        ) : null,
    },
  ];

  const addButton = can('member', 'create') && (
    <Button variant="primary" onClick={() => setAdding(true)}>
      <UserPlus size={14} aria-hidden /> Add member
    </Button>
  );

  return (
    <>
      <div className="mb-3 flex min-h-8 flex-wrap items-center justify-between gap-2">
        <FilterInput label="Filter members by name" placeholder="Filter by name" {...filter} />
        <div className="flex gap-2">
          {can('member', 'create') && (
            <Button onClick={() => setAddingGroup(true)}>
              <UsersRound size={14} aria-hidden /> Add group
            </Button>
          )}
          {addButton}
        </div>
      </div>
      <DataTable
        label="Members"
        columns={columns}
        {...table}
        rowKey={(m) => m.id}
        empty={
          <EmptyState title={params.filter ? `No member's name contains "${params.filter}".` : 'No members yet.'} action={addButton || undefined}>
            Members get a role that decides what they may push, pull and change here.
          </EmptyState>
        }
      />
      <AddMemberDialog projectId={projectId} projectName={project.name} open={adding} onOpenChange={setAdding} />
      <AddGroupDialog projectId={projectId} projectName={project.name} open={addingGroup} onOpenChange={setAddingGroup} />
      <ConfirmMutation
        target={removing}
        onClose={() => setRemoving(null)}
        mutation={remove}
        title="Remove member"
        message={(m) => (
          <>
            Remove <strong>{m.entity_name}</strong> from <strong>{project.name}</strong>? They lose their role here at once.
          </>
        )}
        confirmLabel={(m) => `Remove ${m.entity_name}`}
        done={(m) => `${m.entity_name} removed from ${project.name}.`}
      />
    </>
  );
}
