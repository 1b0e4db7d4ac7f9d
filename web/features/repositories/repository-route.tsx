/**
 * /projects/:projectId/repositories/<name...>[/-/artifacts/<reference> | /-/compare]: opens the
 * project, then the repository page, the artifact page or the diff page. Repository names keep
 * their slashes in the URL.
 */
import { Navigate, useParams } from 'react-router';
import { EmptyState, PageHeader } from '../../components/ui/misc';
import { parseRepositorySplat, paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useProject } from '../../lib/projects';
import ArtifactPage from './artifact-page';
import DiffPage from './diff-page';
import RepositoryPage from './repository-page';

export default function RepositoryRoute() {
  const params = useParams();
  const projectId = Number(params.projectId);
  const { repository, reference, compare } = parseRepositorySplat(params['*'] ?? '');
  const project = useProject(projectId);

  if (!repository) return <Navigate to={paths.project(projectId, 'repositories')} replace />;
  if (project.error) {
    const err = toApiError(project.error);
    return (
      <>
        <PageHeader crumbs={[{ label: 'Projects', to: paths.projects }]} title={repository} />
        <EmptyState title={err.status === 404 || err.status === 403 ? 'This project does not exist, or you are not one of its members.' : err.message}>
          Pick a project from the list, or ask a project admin to add you.
        </EmptyState>
      </>
    );
  }
  if (!project.data) return <PageHeader crumbs={[{ label: 'Projects', to: paths.projects }, { label: '…' }]} title={repository} />;
  if (compare) return <DiffPage key={repository} project={project.data} repository={repository} />;
  return reference ? (
    <ArtifactPage key={`${repository}@${reference}`} project={project.data} repository={repository} reference={reference} />
  ) : (
    <RepositoryPage key={repository} project={project.data} repository={repository} />
  );
}
