/** A project's Robot Accounts tab: robots that act in this project only. */
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { RobotList } from './components/robot-list';

export default function ProjectRobotsTab({ project }: { project: Project }) {
  const { can } = useProjectPermissions(project.project_id);
  return <RobotList project={project} canManage={can('robot', 'create')} />;
}
