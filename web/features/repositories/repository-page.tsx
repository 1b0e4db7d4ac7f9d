/** One repository: its description (Markdown) and its artifacts, and a way to compare two of them. */
import { GitCompare } from 'lucide-react';
import { Link } from 'react-router';
import { Badge, EmptyState, PageHeader, formatTime } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { registryHost, useSystemInfo } from '../../lib/system-info';
import { useRepository } from './api/repositories';
import { ArtifactsTable } from './components/artifacts-table';
import { DescriptionPanel } from './components/description-panel';

export default function RepositoryPage({ project, repository }: { project: Project; repository: string }) {
  const target = { projectName: project.name, repository };
  const repo = useRepository(target);
  const { can } = useProjectPermissions(project.project_id);
  const host = registryHost(useSystemInfo().data);
  const fullName = `${project.name}/${repository}`;
  const crumbs = [
    { label: 'Projects', to: paths.projects },
    { label: project.name, to: paths.project(project.project_id, 'repositories') },
    { label: repository },
  ];

  if (repo.error) {
    const err = toApiError(repo.error);
    return (
      <>
        <PageHeader crumbs={crumbs} title={fullName} />
        <EmptyState title={err.status === 404 ? `${fullName} does not exist.` : err.message}>
          It may have been deleted. The project's Repositories tab lists what it holds.
        </EmptyState>
      </>
    );
  }

  const data = repo.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={fullName}
        actions={
          <Link
            to={paths.compare(project.project_id, repository)}
            className="inline-flex h-8 items-center gap-1.5 rounded border border-border bg-surface px-3 text-sm font-medium whitespace-nowrap text-fg hover:bg-surface-2"
          >
            <GitCompare size={14} aria-hidden /> Compare
          </Link>
        }
      >
        <div className="mt-1 flex h-6 items-center gap-3 text-xs text-muted">
          {data && (
            <>
              {project.metadata.public === 'true' ? <Badge tone="success">Public</Badge> : <Badge>Private</Badge>}
              <span>
                {data.artifact_count} {data.artifact_count === 1 ? 'artifact' : 'artifacts'}
              </span>
              <span>
                {data.pull_count} {data.pull_count === 1 ? 'pull' : 'pulls'}
              </span>
              <span>Updated {formatTime(data.update_time)}</span>
            </>
          )}
        </div>
      </PageHeader>
      <DescriptionPanel target={target} repository={data} canEdit={can('repository', 'update')} />
      <ArtifactsTable projectId={project.project_id} target={target} fullName={fullName} host={host} can={can} />
    </>
  );
}
