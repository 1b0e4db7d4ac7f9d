/** Administration > Project Quotas: every project's storage against its limit, and the limit edited. */
import type { ColumnDef } from '@tanstack/react-table';
import { Pencil } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { DataTable } from '../../components/ui/data-table';
import { EmptyState, PageHeader } from '../../components/ui/misc';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { RowMenu } from '../../components/ui/row-menu';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import { quotasQuery, type Quota } from './api/quotas';
import { QuotaDialog } from './components/quota-dialog';
import { limitText, UsageBar } from '../../components/ui/usage-bar';

export default function QuotasPage() {
  usePageTitle('Project quotas');
  const { query: quotas, table } = useListPage({ sort: '-used.storage' }, quotasQuery);
  const [editing, setEditing] = useState<Quota | null>(null);

  const columns: ColumnDef<Quota, unknown>[] = [
    {
      header: 'Project',
      cell: ({ row }) => (
        <Link to={`/projects/${row.original.ref.id}/summary`} className="font-medium break-all text-primary hover:underline">
          {row.original.ref.name}
        </Link>
      ),
    },
    { header: 'Owner', cell: ({ row }) => <span className="break-all">{row.original.ref.owner_name}</span> },
    {
      header: 'Storage used',
      meta: { sortField: 'used.storage', className: 'min-w-40' },
      cell: ({ row }) => <UsageBar used={row.original.used.storage} limit={row.original.hard.storage} label={`Storage of ${row.original.ref.name}`} />,
    },
    { header: 'Storage limit', meta: { sortField: 'hard.storage', className: 'whitespace-nowrap' }, cell: ({ row }) => limitText(row.original.hard.storage) },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <RowMenu
          label={`Actions for ${row.original.ref.name}`}
          actions={[{ label: 'Edit quota', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(row.original) }]}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Project quotas" />
      {isForbidden(quotas.error) ? (
        <QueryProblem error={quotas.error} what="the project quotas" />
      ) : (
        <>
          <p className="mb-3 max-w-3xl text-sm text-muted">
            A project&apos;s storage counts each layer its artifacts use once, however many repositories share it. A push that would pass the
            limit is refused; deleting artifacts frees storage at once. New projects get the default from Configuration &gt; System settings.
          </p>
          <DataTable
            label="Project quotas"
            columns={columns}
            {...table}
            rowKey={(q) => q.id}
            empty={<EmptyState title="No projects yet.">Each project has a quota; create a project to see it here.</EmptyState>}
          />
        </>
      )}
      <QuotaDialog quota={editing} onClose={() => setEditing(null)} />
    </>
  );
}
