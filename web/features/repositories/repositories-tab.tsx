/** A project's Repositories tab: find a repository by name, open it, delete it. */
import type { ColumnDef } from '@tanstack/react-table';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { PushCommands } from '../../components/push-commands';
import { RepositoryFrees } from '../../components/storage-footprint';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { DataTable } from '../../components/ui/data-table';
import { FilterInput } from '../../components/ui/filter-input';
import { EmptyState, formatTime } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import type { Project, Repository } from '../../lib/api-types';
import { useListPage } from '../../lib/list-page';
import { useProjectPermissions } from '../../lib/permissions';
import { nameInProject, repositoriesQuery, useDeleteRepository } from './api/repositories';

export default function RepositoriesTab({ project }: { project: Project }) {
  const { can } = useProjectPermissions(project.project_id);
  const { params, table, filter } = useListPage({ sort: '-update_time' }, repositoriesQuery(project.name));
  const remove = useDeleteRepository(project.name);
  const [deleting, setDeleting] = useState<Repository | null>(null);

  const columns: ColumnDef<Repository, unknown>[] = [
    {
      header: 'Name',
      meta: { sortField: 'name' },
      cell: ({ row }) => (
        <Link to={paths.repository(project.project_id, nameInProject(row.original.name, project.name))} className="font-medium break-all text-primary hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { header: 'Artifacts', meta: { className: 'text-right tabular-nums' }, cell: ({ row }) => row.original.artifact_count },
    { header: 'Pulls', meta: { sortField: 'pull_count', className: 'text-right tabular-nums' }, cell: ({ row }) => row.original.pull_count },
    { header: 'Updated', meta: { sortField: 'update_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.update_time) },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) =>
        can('repository', 'delete') ? (
          <Button size="sm" variant="ghost" aria-label={`Delete repository ${row.original.name}`} onClick={() => setDeleting(row.original)}>
            <Trash2 size={14} aria-hidden />
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="mb-3 flex h-8 items-center gap-2">
        <FilterInput label="Filter repositories by name" placeholder="Filter by name" {...filter} />
      </div>
      <DataTable
        label={`Repositories of ${project.name}`}
        columns={columns}
        {...table}
        rowKey={(r) => r.id}
        empty={
          params.filter ? (
            <EmptyState title={`No repository's name contains "${params.filter}".`}>Change the filter, or clear it to see every repository.</EmptyState>
          ) : (
            <EmptyState
              title={`${project.name} holds no repositories yet.`}
              action={
                <div className="mt-2 w-full max-w-xl text-left">
                  <PushCommands projectName={project.name} />
                </div>
              }
            >
              A repository appears here when the first image is pushed to it. Sign in to the registry, tag an image for this project, and push it:
            </EmptyState>
          )
        }
      />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete repository"
        message={(r) => (
          <>
            Delete the repository <strong className="break-all">{r.name}</strong> with its {r.artifact_count} {r.artifact_count === 1 ? 'artifact' : 'artifacts'} and
            all their tags? Pulls from it stop working. This cannot be undone.
            <RepositoryFrees target={{ projectName: project.name, repository: nameInProject(r.name, project.name) }} />
          </>
        )}
        confirmLabel={(r) => `Delete ${r.name}`}
        done={(r) => `Repository ${r.name} deleted.`}
      />
    </>
  );
}
