/** Stands in for the Repositories tab until the API lists repositories (API phase 2). */
import { EmptyState } from '../components/ui/misc';
import { paths } from '../config/paths';
import type { Project } from '../lib/api-types';
import { Link } from 'react-router';

export default function RepositoriesPending({ project }: { project: Project }) {
  return (
    <div className="rounded-lg border border-border bg-surface">
      <EmptyState title={`${project.name} holds ${project.repo_count} ${project.repo_count === 1 ? 'repository' : 'repositories'}.`}>
        Browsing repositories here comes with the next version of the API. Meanwhile, the{' '}
        <Link className="text-primary hover:underline" to={paths.project(project.project_id, 'summary')}>
          Summary
        </Link>{' '}
        shows how to push images into this project.
      </EmptyState>
    </div>
  );
}
