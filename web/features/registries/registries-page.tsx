/** Administration > Registries: the remote registries replication rules push to and pull from. */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { RowMenu } from '../../components/ui/row-menu';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import type { Registry } from '../../lib/replication-types';
import { registriesQuery, useDeleteRegistry } from './api/registries';
import { RegistryDialog } from './components/registry-dialog';
import { providerName } from './providers';

function HealthBadge({ status }: { status: string | undefined }) {
  if (status === 'healthy') return <Badge tone="success">Healthy</Badge>;
  if (status === 'unhealthy') return <Badge tone="danger">Unhealthy</Badge>;
  return <Badge>Unknown</Badge>;
}

export default function RegistriesPage() {
  usePageTitle('Registries');
  const { params, setParams, table, filter, query: registries } = useListPage({ sort: 'name' }, registriesQuery);
  const remove = useDeleteRegistry();
  // The dialog is open for a new registry ("new") or a saved one.
  const [editing, setEditing] = useState<Registry | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Registry | null>(null);

  const columns: ColumnDef<Registry, unknown>[] = [
    { header: 'Name', meta: { sortField: 'name' }, cell: ({ row }) => <span className="font-medium break-all">{row.original.name}</span> },
    { header: 'Status', cell: ({ row }) => <HealthBadge status={row.original.status} /> },
    { header: 'Endpoint URL', cell: ({ row }) => <span className="break-all">{row.original.url}</span> },
    { header: 'Provider', cell: ({ row }) => providerName(row.original.type) },
    { header: 'Verify remote certificate', cell: ({ row }) => (row.original.insecure ? 'No' : 'Yes') },
    {
      header: 'Created',
      meta: { sortField: 'creation_time', className: 'whitespace-nowrap' },
      cell: ({ row }) => formatTime(row.original.creation_time),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <RowMenu
          label={`Actions for ${row.original.name}`}
          actions={[
            { label: 'Edit', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(row.original) },
            { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(row.original), danger: true },
          ]}
        />
      ),
    },
  ];

  const newButton = (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <Plus size={14} aria-hidden /> New endpoint
    </Button>
  );

  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Registries" actions={!isForbidden(registries.error) && newButton} />
      {isForbidden(registries.error) ? (
        <QueryProblem error={registries.error} what="the registry endpoints" />
      ) : (
        <>
          <div className="mb-3">
            <FilterInput label="Filter registries by name" placeholder="Filter by name" {...filter} />
          </div>
          <DataTable
            label="Registries"
            columns={columns}
            {...table}
            rowKey={(r) => r.id}
            empty={
              params.filter ? (
                <EmptyState title={`No registry name contains "${params.filter}".`} action={<Button onClick={() => setParams({ filter: '' })}>Show all registries</Button>}>
                  Check the spelling, or create the endpoint.
                </EmptyState>
              ) : (
                <EmptyState title="No registry endpoints yet." action={newButton}>
                  An endpoint is a remote registry (Harbor, Berth, CNCF Distribution) that replication rules push to or pull from.
                </EmptyState>
              )
            }
          />
        </>
      )}
      <RegistryDialog open={editing !== null} registry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete registry endpoint"
        message={(r) => (
          <>
            Delete the endpoint <strong className="break-all">{r.name}</strong> ({r.url})? Rules that use it must be deleted first.
          </>
        )}
        confirmLabel={(r) => `Delete ${r.name}`}
        done={(r) => `Registry ${r.name} deleted.`}
      />
    </>
  );
}
