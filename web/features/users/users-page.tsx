/** Administration > Users: find, create, edit, delete users; make them admins; set their passwords. */
import type { ColumnDef } from '@tanstack/react-table';
import { KeyRound, Pencil, Plus, ShieldCheck, ShieldOff, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { DataTable } from '../../components/ui/data-table';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { RowMenu } from '../../components/ui/row-menu';
import { toApiError } from '../../lib/api-client';
import type { User } from '../../lib/api-types';
import { useCurrentUser } from '../../lib/auth';
import { useListPage } from '../../lib/list-page';
import { useDeleteUser, usersQuery, useSetSysadmin } from './api/users';
import { CreateUserDialog } from './components/create-user-dialog';
import { EditUserDialog } from './components/edit-user-dialog';
import { SetPasswordDialog } from './components/set-password-dialog';

/** The first admin (id 1) can be neither deleted nor demoted, as in Harbor. */
const BUILT_IN_ADMIN = 1;

export default function UsersPage() {
  const { data: me } = useCurrentUser();
  const { params, setParams, table, filter } = useListPage({ sort: 'username' }, usersQuery);
  const remove = useDeleteUser();
  const setAdmin = useSetSysadmin();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [passwordOf, setPasswordOf] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);

  const toggleAdmin = (user: User) =>
    setAdmin.mutate(
      { user, admin: !user.sysadmin_flag },
      {
        onSuccess: () => toast.success(user.sysadmin_flag ? `${user.username} is no longer a system admin.` : `${user.username} is now a system admin.`),
        onError: (err) => toast.error(toApiError(err).message),
      },
    );

  const actionsOf = (user: User) => {
    const fixed = user.user_id === BUILT_IN_ADMIN || user.user_id === me?.user_id;
    return [
      { label: 'Edit profile', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(user) },
      { label: 'Set password', icon: <KeyRound size={14} aria-hidden />, onSelect: () => setPasswordOf(user) },
      {
        label: user.sysadmin_flag ? 'Remove admin rights' : 'Make system admin',
        icon: user.sysadmin_flag ? <ShieldOff size={14} aria-hidden /> : <ShieldCheck size={14} aria-hidden />,
        onSelect: () => toggleAdmin(user),
        disabled: fixed,
      },
      { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(user), danger: true, disabled: fixed },
    ];
  };

  const columns: ColumnDef<User, unknown>[] = [
    {
      header: 'Username',
      meta: { sortField: 'username' },
      cell: ({ row }) => (
        <span className="flex items-center gap-2 font-medium">
          {row.original.username}
          {row.original.sysadmin_flag && <Badge tone="primary">Admin</Badge>}
        </span>
      ),
    },
    { header: 'E-mail', meta: { sortField: 'email' }, cell: ({ row }) => row.original.email || <span className="text-muted">—</span> },
    { header: 'Real name', cell: ({ row }) => row.original.realname || <span className="text-muted">—</span> },
    { header: 'Comment', cell: ({ row }) => <span className="text-muted">{row.original.comment}</span> },
    { header: 'Created', meta: { sortField: 'creation_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.creation_time) },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => <RowMenu label={`Actions for ${row.original.username}`} actions={actionsOf(row.original)} />,
    },
  ];

  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Administration' }]}
        title="Users"
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus size={14} aria-hidden /> New user
          </Button>
        }
      />
      <div className="mb-3">
        <FilterInput label="Filter users by name" placeholder="Filter by username" {...filter} />
      </div>
      <DataTable
        label="Users"
        columns={columns}
        {...table}
        rowKey={(u) => u.user_id}
        empty={
          <EmptyState title={`No username contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all users</Button>}>
            Check the spelling, or create the user.
          </EmptyState>
        }
      />
      <CreateUserDialog open={creating} onOpenChange={setCreating} />
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
      <SetPasswordDialog user={passwordOf} onClose={() => setPasswordOf(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete user"
        message={(u) => (
          <>
            Delete the user <strong>{u.username}</strong>? They lose every project membership, and the projects they own pass to you.
          </>
        )}
        confirmLabel={(u) => `Delete ${u.username}`}
        done={(u) => `User ${u.username} deleted.`}
      />
    </>
  );
}
