/**
 * Administration > Groups: the user groups projects can take as members. OIDC groups appear on
 * their own when a sign-in names them; LDAP groups are imported by DN; any can be added ahead.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, PageHeader } from '../../components/ui/misc';
import { RowMenu } from '../../components/ui/row-menu';
import type { UserGroup } from '../../lib/api-types';
import { useListPage } from '../../lib/list-page';
import { useSystemInfo } from '../../lib/system-info';
import { GROUP_TYPES, groupsQuery, useDeleteGroup, type GroupType } from './api/groups';
import { NewGroupDialog } from './components/new-group-dialog';
import { RenameGroupDialog } from './components/rename-group-dialog';

export default function GroupsPage() {
  const { params, setParams, table, filter } = useListPage({ sort: 'group_name' }, groupsQuery);
  const remove = useDeleteGroup();
  const info = useSystemInfo().data;
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<UserGroup | null>(null);
  const [deleting, setDeleting] = useState<UserGroup | null>(null);

  const columns: ColumnDef<UserGroup, unknown>[] = [
    { header: 'Name', meta: { sortField: 'group_name' }, cell: ({ row }) => <span className="font-medium">{row.original.group_name}</span> },
    { header: 'Type', meta: { sortField: 'group_type' }, cell: ({ row }) => <Badge>{GROUP_TYPES[row.original.group_type as GroupType] ?? `Type ${row.original.group_type}`}</Badge> },
    { header: 'LDAP DN', cell: ({ row }) => (row.original.ldap_group_dn ? <span className="break-all text-muted">{row.original.ldap_group_dn}</span> : <span className="text-muted">—</span>) },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <RowMenu
          label={`Actions for ${row.original.group_name}`}
          actions={[
            { label: 'Rename', icon: <Pencil size={14} aria-hidden />, onSelect: () => setRenaming(row.original) },
            { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(row.original), danger: true },
          ]}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }]}
        title="Groups"
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus size={14} aria-hidden /> New group
          </Button>
        }
      />
      <div className="mb-3">
        <FilterInput label="Filter groups by name" placeholder="Filter by group name" {...filter} />
      </div>
      <DataTable
        label="Groups"
        columns={columns}
        {...table}
        rowKey={(g) => g.id ?? g.group_name}
        empty={
          params.filter ? (
            <EmptyState title={`No group name contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all groups</Button>} />
          ) : (
            <EmptyState title="No groups yet.">Groups from OpenID Connect appear after their members sign in; LDAP groups are imported with New group.</EmptyState>
          )
        }
      />
      <NewGroupDialog open={creating} onOpenChange={setCreating} defaultType={info?.auth_mode === 'ldap_auth' ? 1 : 3} />
      <RenameGroupDialog group={renaming} onClose={() => setRenaming(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete group"
        message={(g) => (
          <>
            Delete the group <strong>{g.group_name}</strong>? Every project membership it holds ends; its members keep their own.
          </>
        )}
        confirmLabel={(g) => `Delete ${g.group_name}`}
        done={(g) => `Group ${g.group_name} deleted.`}
      />
    </>
  );
}
