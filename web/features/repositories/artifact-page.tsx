/** One artifact: its overview, then tabs for its tags, layers, SBOM, an index's children and its referrers. */
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button } from '../../components/ui/button';
import { Badge, EmptyState, PageHeader } from '../../components/ui/misc';
import { UrlTabs, type UrlTab } from '../../components/ui/url-tabs';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { registryHost, useSystemInfo } from '../../lib/system-info';
import { useArtifact } from './api/artifacts';
import { useLineage } from './api/layers';
import { useTagPreview } from './api/tags';
import { isDigest, isIndex, shortDigest } from './artifact-text';
import { DeleteArtifactDialog } from './components/artifact-dialogs';
import { ArtifactOverview } from './components/artifact-overview';
import { ChildrenTab } from './components/children-tab';
import { LayersTab } from './components/layers-tab';
import { DependentsTab, LineageLine } from './components/lineage';
import { ReferrersTab } from './components/referrers-tab';
import { SbomTab } from './components/sbom-tab';
import { TagsTab } from './components/tags-tab';
import { VulnerabilitiesTab } from './components/vulnerabilities-tab';

const count = (n: number) => <span className="rounded bg-surface-2 px-1.5 text-xs text-muted tabular-nums">{n}</span>;

export default function ArtifactPage({ project, repository, reference }: { project: Project; repository: string; reference: string }) {
  const target = { projectName: project.name, repository };
  const artifact = useArtifact(target, reference);
  const digest = artifact.data?.digest ?? (isDigest(reference) ? reference : '');
  const tags = useTagPreview(target, digest);
  const lineage = useLineage(target, digest);
  const { can } = useProjectPermissions(project.project_id);
  const host = registryHost(useSystemInfo().data);
  const navigate = useNavigate();
  const location = useLocation();
  const [deleting, setDeleting] = useState<string | null>(null);
  const fullName = `${project.name}/${repository}`;
  const repositoryPath = paths.repository(project.project_id, repository);
  const linkTo = (d: string) => paths.artifact(project.project_id, repository, d);
  const crumbs = [
    { label: 'Projects', to: paths.projects },
    { label: project.name, to: paths.project(project.project_id, 'repositories') },
    { label: repository, to: repositoryPath },
    { label: isDigest(reference) ? shortDigest(reference) : reference },
  ];

  if (artifact.error) {
    const err = toApiError(artifact.error);
    return (
      <>
        <PageHeader crumbs={crumbs} title={reference} />
        <EmptyState title={err.status === 404 ? `${fullName} holds no artifact ${reference}.` : err.message}>
          It may have been deleted or retagged. The repository lists what it holds.
        </EmptyState>
      </>
    );
  }
  const data = artifact.data;
  // A page opened by tag moves to the digest's address: tags move, digests do not.
  // The query string goes along: a shared link's ?tab=referrers still opens that tab.
  if (data && !isDigest(reference)) return <Navigate to={{ pathname: linkTo(data.digest), search: location.search }} replace />;

  const tabs: UrlTab[] = data
    ? [
        { value: 'tags', label: <>Tags {tags.data && count(tags.data.total)}</>, content: <TagsTab target={target} digest={data.digest} fullName={fullName} host={host} can={can} /> },
        ...(data.addition_links.layers ? [{ value: 'layers', label: 'Layers', content: <LayersTab target={target} digest={data.digest} hasHistory={Boolean(data.addition_links.build_history)} /> }] : []),
        // An image's packages; an index has none of its own (each child has its SBOM).
        ...(data.addition_links.layers ? [{ value: 'sbom', label: 'SBOM', content: <SbomTab target={target} digest={data.digest} can={can} /> }] : []),
        ...(data.addition_links.vulnerabilities
          ? [{ value: 'vulnerabilities', label: 'Vulnerabilities', content: <VulnerabilitiesTab target={target} digest={data.digest} can={can} /> }]
          : []),
        ...(isIndex(data)
          ? [{ value: 'children', label: <>Children {count(data.references.length)}</>, content: <ChildrenTab references={data.references} linkTo={linkTo} /> }]
          : []),
        { value: 'referrers', label: <>Referrers {count(data.accessory_count)}</>, content: <ReferrersTab target={target} digest={data.digest} linkTo={linkTo} /> },
        // A short label without its count (the lineage line has it): the row of tabs stays short.
        ...(lineage.data?.layers
          ? [{ value: 'dependents', label: 'Used by', content: <DependentsTab target={target} digest={data.digest} /> }]
          : []),
      ]
    : [];

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={<span className="font-mono">{shortDigest(digest || reference)}</span>}
        actions={
          data &&
          can('artifact', 'delete') && (
            <Button variant="danger" onClick={() => setDeleting(data.digest)}>
              <Trash2 size={14} aria-hidden /> Delete artifact
            </Button>
          )
        }
      >
        {/* At least one badge high, so nothing jumps when the tags arrive; long names wrap or are cut. */}
        <div className="mt-1 flex min-h-6 min-w-0 flex-wrap items-center gap-1 text-xs text-muted">
          <span className="mr-1 break-all">{fullName}</span>
          {tags.data?.items.map((t) => (
            <Badge key={t.id} tone="primary">
              <span className="block max-w-64 truncate" title={t.name}>
                {t.name}
              </span>
            </Badge>
          ))}
          {tags.data && tags.data.total > tags.data.items.length && <span>and {tags.data.total - tags.data.items.length} more</span>}
        </div>
      </PageHeader>
      {data ? (
        <>
          <ArtifactOverview artifact={data} tags={tags.data?.items} fullName={fullName} host={host} />
          <LineageLine lineage={lineage.data} dependentsTo={paths.artifact(project.project_id, repository, data.digest, 'dependents')} />
          <UrlTabs label="Artifact sections" tabs={tabs} />
        </>
      ) : (
        <div className="h-72 animate-pulse rounded-lg border border-border bg-surface" aria-label="Loading" />
      )}
      <DeleteArtifactDialog target={target} digest={deleting} onClose={() => setDeleting(null)} onDeleted={() => void navigate(repositoryPath)} />
    </>
  );
}
