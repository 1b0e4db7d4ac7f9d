/** Projects: the list the caller can see, with create and delete. */
import type { ColumnDef } from '@tanstack/react-table';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { DataTable } from '../../components/ui/data-table';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { inputClass } from '../../components/ui/field';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useCurrentUser } from '../../lib/auth';
import { useListParams } from '../../lib/list-params';
import { ROLE_LABELS, useDeleteProject, useProjects, type Project } from './api/projects';
import { CreateProjectDialog } from './components/create-project-dialog';

export default function ProjectsPage() {
  const { data: user } = useCurrentUser();
  const [params, setParams] = useListParams({ sort: '-creation_time' });
  const projects = useProjects(params);
  const remove = useDeleteProject();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Project | null>(null);

  const columns: ColumnDef<Project, unknown>[] = [
    {
      header: 'Name',
      meta: { sortField: 'name' },
      cell: ({ row }) => (
        <Link to={paths.project(row.original.project_id)} className="font-medium text-primary hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    {
      header: 'Access level',
      cell: ({ row }) => (row.original.metadata.public === 'true' ? <Badge tone="success">Public</Badge> : <Badge>Private</Badge>),
    },
    {
      header: 'Your role',
      cell: ({ row }) => {
        const role = row.original.current_user_role_id;
        return role ? ROLE_LABELS[role] : <span className="text-muted">—</span>;
      },
    },
    { header: 'Repositories', cell: ({ row }) => row.original.repo_count ?? 0, meta: { className: 'text-right' } },
    { header: 'Created', meta: { sortField: 'creation_time' }, cell: ({ row }) => formatTime(row.original.creation_time) },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        user?.sysadmin_flag || row.original.current_user_role_id === 1 ? (
          <Button size="sm" variant="ghost" aria-label={`Delete project ${row.original.name}`} onClick={() => setDeleting(row.original)}>
            <Trash2 size={14} aria-hidden />
          </Button>
        ) : null,
      meta: { className: 'w-10 text-right' },
    },
  ];

  return (
    <>
      <PageHeader
        title="Projects"
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus size={14} aria-hidden /> New project
          </Button>
        }
      />
      <div className="mb-3 flex items-center gap-2">
        <input
          type="search"
          aria-label="Filter projects by name"
          placeholder="Filter by name"
          className={`${inputClass} max-w-xs`}
          defaultValue={params.filter}
          onChange={(e) => setParams({ filter: e.target.value })}
        />
      </div>
      <DataTable
        label="Projects"
        columns={columns}
        rows={projects.data?.items}
        total={projects.data?.total ?? 0}
        params={params}
        onParams={setParams}
        loading={projects.isFetching}
        error={projects.error ? toApiError(projects.error).message : undefined}
        rowKey={(p) => p.project_id}
        empty={
          <EmptyState
            title={params.filter ? `No project matches "${params.filter}".` : 'No projects yet.'}
            action={
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create a project
              </Button>
            }
          >
            A project holds repositories and decides who may push and pull them.
          </EmptyState>
        }
      />
      <CreateProjectDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title="Delete project"
        message={
          <>
            Delete the project <strong>{deleting?.name}</strong>? This cannot be undone.
          </>
        }
        confirmLabel={`Delete ${deleting?.name ?? ''}`}
        busy={remove.isPending}
        error={remove.error ? toApiError(remove.error).message : undefined}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting, {
            onSuccess: () => {
              toast.success(`Project ${deleting.name} deleted.`);
              setDeleting(null);
            },
          })
        }
      />
    </>
  );
}
