/** A page of artifacts across repositories (a layer's users, an image's dependents): where each is, its tags, digest and push time. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DataTable } from '../../../components/ui/data-table';
import { Badge, formatTime } from '../../../components/ui/misc';
import { paths } from '../../../config/paths';
import type { ArtifactSummary } from '../../../lib/api-types';
import type { ListParams } from '../../../lib/list-params';
import type { Page } from '../../../lib/pages';
import { nameInProject } from '../api/repositories';
import { DigestCell } from './artifact-cells';

const inProject = (a: ArtifactSummary) => nameInProject(a.repository_name, a.project_name);

const columns: ColumnDef<ArtifactSummary, unknown>[] = [
  {
    header: 'Repository',
    meta: { sortField: 'repository_name' },
    cell: ({ row }) => (
      <Link to={paths.repository(row.original.project_id, inProject(row.original))} className="break-all text-primary hover:underline">
        {row.original.repository_name}
      </Link>
    ),
  },
  {
    header: 'Tags',
    cell: ({ row }) =>
      row.original.tags.length ? (
        <span className="flex flex-wrap gap-1">
          {row.original.tags.slice(0, 3).map((tag) => (
            <Badge key={tag} tone="primary">
              <span className="block max-w-40 truncate" title={tag}>
                {tag}
              </span>
            </Badge>
          ))}
          {row.original.tags.length > 3 && <span className="text-xs text-muted">+{row.original.tags.length - 3} more</span>}
        </span>
      ) : (
        <span className="text-xs text-muted">untagged</span>
      ),
  },
  {
    header: 'Digest',
    cell: ({ row }) => <DigestCell digest={row.original.digest} to={paths.artifact(row.original.project_id, inProject(row.original), row.original.digest)} />,
  },
  { header: 'Layers', meta: { className: 'text-right tabular-nums' }, cell: ({ row }) => row.original.layers },
  { header: 'Pushed', meta: { sortField: 'push_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.push_time) },
];

export function ArtifactSummaryTable(props: {
  label: string;
  query: UseQueryResult<Page<ArtifactSummary>>;
  params: ListParams;
  onParams: (changes: Partial<ListParams>) => void;
  empty: ReactNode;
}) {
  return <DataTable {...props} columns={columns} rowKey={(a) => a.artifact_id} />;
}
