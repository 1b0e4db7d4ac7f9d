/**
 * One project: its header and section tabs; the router fills the tab (summary, repositories,
 * members, logs, configuration) and hands it the project through the outlet context.
 */
import { Outlet, useParams } from 'react-router';
import { EmptyState, Badge, PageHeader } from '../../components/ui/misc';
import { TabNav, type Tab } from '../../components/ui/tab-nav';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { roleLabel } from '../../lib/roles';
import { useProject } from '../../lib/projects';

/** What each tab receives. */
export interface ProjectOutletContext {
  project: Project;
}

export default function ProjectPage() {
  const projectId = Number(useParams().projectId);
  const project = useProject(projectId);
  const { can } = useProjectPermissions(projectId);

  if (project.error) {
    const err = toApiError(project.error);
    return (
      <>
        <PageHeader crumbs={[{ label: 'Projects', to: paths.projects }]} title="Project" />
        <EmptyState title={err.status === 404 || err.status === 403 ? 'This project does not exist, or you are not one of its members.' : err.message}>
          Pick a project from the list, or ask a project admin to add you.
        </EmptyState>
      </>
    );
  }

  const tabs: Tab[] = [
    { to: paths.project(projectId, 'summary'), label: 'Summary' },
    { to: paths.project(projectId, 'repositories'), label: 'Repositories' },
  ];
  if (can('member', 'list')) tabs.push({ to: paths.project(projectId, 'members'), label: 'Members' });
  if (can('log', 'list')) tabs.push({ to: paths.project(projectId, 'logs'), label: 'Logs' });
  if (can('notification-policy', 'list')) tabs.push({ to: paths.project(projectId, 'webhooks'), label: 'Webhooks' });
  if (can('label', 'list')) tabs.push({ to: paths.project(projectId, 'labels'), label: 'Labels' });
  if (can('robot', 'list')) tabs.push({ to: paths.project(projectId, 'robots'), label: 'Robot Accounts' });
  if (can('tag-retention', 'list') || can('immutable-tag', 'list')) tabs.push({ to: paths.project(projectId, 'policy'), label: 'Policy' });
  if (can('scanner', 'read')) tabs.push({ to: paths.project(projectId, 'scanner'), label: 'Scanner' });
  tabs.push({ to: paths.project(projectId, 'configuration'), label: 'Configuration' });

  const data = project.data;
  return (
    <>
      <PageHeader
        crumbs={[{ label: 'Projects', to: paths.projects }, { label: data?.name ?? '…' }]}
        title={data?.name ?? <span className="inline-block h-6 w-40 animate-pulse rounded bg-surface-2" aria-label="Loading" />}
      >
        <div className="mt-1 flex h-6 items-center gap-2 text-xs text-muted">
          {data && (
            <>
              {data.metadata.public === 'true' ? <Badge tone="success">Public</Badge> : <Badge>Private</Badge>}
              {data.current_user_role_id > 0 && <span>Your role: {roleLabel(data.current_user_role_id)}</span>}
              <span>Owner: {data.owner_name}</span>
            </>
          )}
        </div>
      </PageHeader>
      <TabNav label="Project sections" tabs={tabs} />
      {data && <Outlet context={{ project: data } satisfies ProjectOutletContext} />}
    </>
  );
}
