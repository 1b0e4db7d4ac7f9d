/** A project's Labels tab: the project's own labels; maintainers and project admins change them. */
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { LabelsList } from './components/labels-list';

export default function ProjectLabelsTab({ project }: { project: Project }) {
  const { can } = useProjectPermissions(project.project_id);
  return (
    <>
      <p className="mb-4 max-w-3xl text-sm text-muted">
        These labels belong to {project.name}; its artifacts can also carry the global labels a system admin makes.
      </p>
      <LabelsList scope={{ projectId: project.project_id }} editable={can('label', 'create')} />
    </>
  );
}
