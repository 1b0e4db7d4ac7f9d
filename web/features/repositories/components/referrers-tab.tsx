/** An artifact's referrers (Harbor's accessories): signatures, SBOMs and other artifacts whose subject it is. */
import type { ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../../components/ui/data-table';
import { Badge, EmptyState, formatBytes, formatTime } from '../../../components/ui/misc';
import type { Accessory } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import type { RepositoryRef } from '../../../lib/query-keys';
import { accessoriesQuery } from '../api/artifacts';
import { accessoryTypeText } from '../artifact-text';
import { DigestCell } from './artifact-cells';

export function ReferrersTab({ target, digest, linkTo }: { target: RepositoryRef; digest: string; linkTo: (digest: string) => string }) {
  const { table } = useListPage({}, accessoriesQuery(target, digest));
  const columns: ColumnDef<Accessory, unknown>[] = [
    { header: 'Type', cell: ({ row }) => <Badge tone={row.original.type.startsWith('signature') ? 'success' : 'neutral'}>{accessoryTypeText(row.original.type)}</Badge> },
    {
      header: 'Artifact type',
      cell: ({ row }) => <span className="font-mono text-xs break-all">{row.original.artifact_type ?? '—'}</span>,
    },
    { header: 'Digest', cell: ({ row }) => <DigestCell digest={row.original.digest} to={linkTo(row.original.digest)} /> },
    { header: 'Size', meta: { className: 'text-right tabular-nums whitespace-nowrap' }, cell: ({ row }) => formatBytes(row.original.size) },
    { header: 'Pushed', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.creation_time) },
  ];
  return (
    <DataTable
      label="Referrers"
      columns={columns}
      {...table}
      rowKey={(a) => a.id}
      empty={
        <EmptyState title="Nothing refers to this artifact yet.">
          Signatures (cosign, notation), SBOMs and other artifacts pushed with this artifact as their subject are listed here.
        </EmptyState>
      }
    />
  );
}
