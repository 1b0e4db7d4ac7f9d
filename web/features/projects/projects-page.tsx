/** Projects: the list the caller can see, with create and delete. */
import type { ColumnDef } from '@tanstack/react-table';
import { Plus, Trash2 } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { ProjectFrees } from '../../components/storage-footprint';
import { DataTable } from '../../components/ui/data-table';
import { Button } from '../../components/ui/button';
import type { ConfirmMutation as ConfirmMutationType } from '../../components/ui/confirm-mutation';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, PageHeader } from '../../components/ui/misc';
import { Time } from '../../components/ui/time';
import { paths } from '../../config/paths';
import { isSystemAdmin, useCurrentUser } from '../../lib/auth';
import type { Project } from '../../lib/api-types';
import { useListPage } from '../../lib/list-page';
import { roleLabel } from '../../lib/roles';
import { PROJECT_LIST_DEFAULTS, projectsQueryOptions, useDeleteProject } from './api/projects';

// Forms (zod, react-hook-form) load when the dialog first opens, keeping the first route light.
const CreateProjectDialog = lazy(() => import('./components/create-project-dialog'));
// So does the delete confirmation (Radix's dialog), when a Delete button is first pressed.
const ConfirmMutation = lazy(() => import('../../components/ui/confirm-mutation').then((m) => ({ default: m.ConfirmMutation }))) as typeof ConfirmMutationType;

export default function ProjectsPage() {
  const { data: user } = useCurrentUser();
  const { params, table, filter } = useListPage(PROJECT_LIST_DEFAULTS, projectsQueryOptions);
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
      cell: ({ row }) => roleLabel(row.original.current_user_role_id),
    },
    { header: 'Repositories', cell: ({ row }) => row.original.repo_count, meta: { className: 'text-right tabular-nums' } },
    { header: 'Created', meta: { sortField: 'creation_time' }, cell: ({ row }) => <Time iso={row.original.creation_time} /> },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) =>
        isSystemAdmin(user) || row.original.current_user_role_id === 1 ? (
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
        <FilterInput label="Filter projects by name" placeholder="Filter by name" {...filter} />
      </div>
      <DataTable
        label="Projects"
        columns={columns}
        {...table}
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
      {creating && (
        <Suspense fallback={null}>
          <CreateProjectDialog open onOpenChange={setCreating} />
        </Suspense>
      )}
      {deleting && (
        <Suspense fallback={null}>
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete project"
        message={(p) => (
          <>
            Delete the project <strong>{p.name}</strong>? This cannot be undone.
            <ProjectFrees projectName={p.name} />
          </>
        )}
        confirmLabel={(p) => `Delete ${p.name}`}
        done={(p) => `Project ${p.name} deleted.`}
      />
        </Suspense>
      )}
    </>
  );
}
