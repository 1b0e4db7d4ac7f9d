/** The Summary tab: repositories, members by role, storage against the quota (warned from 85 %), and how to push into the project. */
import { PushCommands } from '../../../components/push-commands';
import { useProjectStorage } from '../../../components/storage-footprint';
import { formatBytes } from '../../../components/ui/misc';
import { Panel, Stat } from '../../../components/ui/panel';
import type { Project } from '../../../lib/api-types';
import { QUOTA_WARNING, UsageBar, usageShare } from '../../../components/ui/usage-bar';
import { useProjectSummary } from '../api/projects';

const ROLE_COUNTS = [
  ['project_admin_count', 'Project admins'],
  ['maintainer_count', 'Maintainers'],
  ['developer_count', 'Developers'],
  ['guest_count', 'Guests'],
  ['limited_guest_count', 'Limited guests'],
] as const;

export default function ProjectSummaryTab({ project }: { project: Project }) {
  const summary = useProjectSummary(project.project_id).data;
  const quota = summary?.quota;
  const share = quota ? usageShare(quota.used.storage, quota.hard.storage) : null;
  // Same permission as the quota (quota:read): asked for only when the summary carries it.
  const storage = useProjectStorage(project.name, quota !== undefined).data;

  return (
    // minmax(0, 1fr): a track as wide as the screen, never as its longest push command (390 px phones).
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[repeat(2,minmax(0,1fr))]">
      <Panel title="Repositories and storage">
        <div className="flex flex-wrap gap-x-10 gap-y-3">
          <Stat label="Repositories" value={summary?.repo_count} />
          <Stat label="Storage used" value={summary && formatBytes(quota?.used.storage ?? 0)} />
          <Stat label="Storage limit" value={summary && (quota && quota.hard.storage >= 0 ? formatBytes(quota.hard.storage) : 'Unlimited')} />
        </div>
        {storage && (
          <div className="mt-3 flex flex-wrap gap-x-10 gap-y-3">
            <Stat label="Total" value={formatBytes(storage.total)} />
            <Stat label="Unique to this project" value={formatBytes(storage.unique)} />
            <Stat label="Shared with other projects" value={formatBytes(storage.shared)} />
          </div>
        )}
        {quota && quota.hard.storage >= 0 && (
          <div className="mt-3">
            <UsageBar used={quota.used.storage} limit={quota.hard.storage} label="Storage used of the limit" />
          </div>
        )}
        {share !== null && share >= QUOTA_WARNING && (
          <p role="status" className="mt-3 rounded border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning">
            {share >= 1
              ? 'The project has reached its storage limit: pushes that add storage are refused. Delete artifacts, or ask a system admin to raise the limit.'
              : `The project uses ${Math.round(share * 100)} % of its storage limit. Pushes that would pass the limit are refused.`}
          </p>
        )}
      </Panel>
      <Panel title="Members by role">
        {summary && summary.project_admin_count === undefined ? (
          <p className="text-sm text-muted">Only members of the project see who else is in it.</p>
        ) : (
          <div className="grid grid-cols-3 gap-x-4 gap-y-3 sm:grid-cols-5">
            {ROLE_COUNTS.map(([key, label]) => (
              <Stat key={key} label={label} value={summary?.[key]} />
            ))}
          </div>
        )}
      </Panel>
      <Panel title="Push an image" className="lg:col-span-2">
        <p className="mb-2 text-sm text-muted">
          Sign in to the registry, tag a local image for this project, and push it. It appears under Repositories.
        </p>
        <PushCommands projectName={project.name} />
      </Panel>
    </div>
  );
}
