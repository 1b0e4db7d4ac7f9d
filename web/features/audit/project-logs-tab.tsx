/** A project's Logs tab: its own audit log (project admins). */
import type { Project } from '../../lib/api-types';
import { AuditLogView } from './components/audit-log-view';

export default function ProjectLogsTab({ project }: { project: Project }) {
  return <AuditLogView scope={{ kind: 'project', projectName: project.name }} label={`Audit log of ${project.name}`} />;
}
