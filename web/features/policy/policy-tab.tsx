/** The project's Policy tab: tag retention (rules, dry run with bytes, runs and their logs) and immutable tag rules. */
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { ImmutablePanel } from './components/immutable-panel';
import { RetentionPanel } from './components/retention-panel';

export default function PolicyTab({ project }: { project: Project }) {
  const { can } = useProjectPermissions(project.project_id);
  return (
    <div className="min-w-0">
      <RetentionPanel project={project} canEdit={can('tag-retention', 'update')} />
      <ImmutablePanel projectId={project.project_id} canEdit={can('immutable-tag', 'create')} />
    </div>
  );
}
