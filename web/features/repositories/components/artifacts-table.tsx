/**
 * A repository's artifacts: filtered by tag or digest, sorted by push or pull time, paged, all
 * in the URL. Each row copies pull commands; those allowed copy the artifact elsewhere, retag it,
 * remove tags and delete artifacts (Harbor's Actions menu).
 */
import type { ColumnDef } from '@tanstack/react-table';
import { Bookmark, Copy, CopyPlus, Tag as TagIcon, Tags, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { DataTable } from '../../../components/ui/data-table';
import { controlClass } from '../../../components/ui/field';
import { FilterInput } from '../../../components/ui/filter-input';
import { LabelChip } from '../../../components/ui/label-chip';
import { CommandLine, EmptyState, copyText, formatBytes } from '../../../components/ui/misc';
import { RowMenu, type RowAction } from '../../../components/ui/row-menu';
import { paths } from '../../../config/paths';
import type { Artifact } from '../../../lib/api-types';
import { useUsableLabels } from '../../../lib/labels';
import { useListPage } from '../../../lib/list-page';
import type { Can } from '../../../lib/permissions';
import type { RepositoryRef } from '../../../lib/query-keys';
import { ARTIFACT_FILTER_KEYS, artifactsQuery } from '../api/artifacts';
import { useRefreshWhileScanning } from '../api/scans';
import { useTagPreview, type TagTarget } from '../api/tags';
import { pullCommand, shortDigest } from '../artifact-text';
import { AddTagDialog } from './add-tag-dialog';
import { ArtifactLabelsDialog } from './artifact-labels-dialog';
import { DigestCell, PlatformsCell, SupplyChainCell, TagsCell, TypeCell, timeColumns } from './artifact-cells';
import { DeleteArtifactDialog, RemoveTagDialog } from './artifact-dialogs';
import { CopyArtifactDialog } from './copy-artifact-dialog';
import { useScanRowActions } from './scan-actions';
import { VulnerabilitiesCell } from './vulnerability-cells';

export interface ArtifactsTableProps {
  projectId: number;
  target: RepositoryRef;
  /** <project>/<repository>, as docker names it. */
  fullName: string;
  host: string;
  can: Can;
}

const copy = async (command: string) => {
  if (await copyText(command)) toast.success('Pull command copied.');
};

interface RowHandlers {
  onLabels: () => void;
  onCopy: () => void;
  onRetag: () => void;
  onRemoveTag: (t: TagTarget) => void;
  onDelete: () => void;
  /** Scan and Stop scan, for images and those allowed. */
  scanActions: RowAction[];
}

/** The row's menu: pull commands by digest and by each shown tag, copy, retag, tag removal, deletion. */
function ArtifactActions({ artifact, props, onLabels, onCopy, onRetag, onRemoveTag, onDelete, scanActions }: { artifact: Artifact; props: ArtifactsTableProps } & RowHandlers) {
  const tags = useTagPreview(props.target, artifact.digest).data?.items ?? [];
  const actions: RowAction[] = [
    { label: 'Copy pull command by digest', icon: <Copy size={14} aria-hidden />, onSelect: () => void copy(pullCommand(props.host, props.fullName, artifact.digest)) },
    ...tags.map((tag) => ({
      label: `Copy pull command for ${tag.name}`,
      icon: <Copy size={14} aria-hidden />,
      onSelect: () => void copy(pullCommand(props.host, props.fullName, tag.name)),
    })),
  ];
  // Copying reads here and pushes into the target; the server decides about the target.
  if (props.can('repository', 'pull')) actions.push({ label: 'Copy to another repository', icon: <CopyPlus size={14} aria-hidden />, onSelect: onCopy });
  if (props.can('tag', 'create')) actions.push({ label: 'Retag', icon: <Tags size={14} aria-hidden />, onSelect: onRetag });
  actions.push(...scanActions);
  if (props.can('artifact-label', 'create')) actions.push({ label: 'Labels', icon: <Bookmark size={14} aria-hidden />, onSelect: onLabels });
  if (props.can('tag', 'delete')) {
    for (const tag of tags) {
      actions.push({ label: `Remove tag ${tag.name}`, icon: <TagIcon size={14} aria-hidden />, onSelect: () => onRemoveTag({ digest: artifact.digest, name: tag.name }), danger: true });
    }
  }
  if (props.can('artifact', 'delete')) actions.push({ label: 'Delete artifact', icon: <Trash2 size={14} aria-hidden />, onSelect: onDelete, danger: true });
  return <RowMenu label={`Actions for ${shortDigest(artifact.digest)}`} actions={actions} />;
}

export function ArtifactsTable(props: ArtifactsTableProps) {
  const { projectId, target } = props;
  const { params, setParams, table } = useListPage({ sort: '-push_time', filterKeys: ARTIFACT_FILTER_KEYS }, artifactsQuery(target));
  useRefreshWhileScanning(target, table.query.data?.items);
  const scanActionsOf = useScanRowActions(target, props.can);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [removingTag, setRemovingTag] = useState<TagTarget | null>(null);
  const [copying, setCopying] = useState<string | null>(null);
  const [retagging, setRetagging] = useState<string | null>(null);
  const [labelling, setLabelling] = useState<string | null>(null);
  const usableLabels = useUsableLabels(projectId).data ?? [];
  const byDigest = params.filters.by === 'digest';
  const labelFilter = params.filters.label ?? '';
  const link = (digest: string, tab?: 'tags' | 'referrers' | 'vulnerabilities') => paths.artifact(projectId, target.repository, digest, tab);

  const columns: ColumnDef<Artifact, unknown>[] = [
    { header: 'Digest', cell: ({ row }) => <DigestCell digest={row.original.digest} to={link(row.original.digest)} /> },
    { header: 'Tags', cell: ({ row }) => <TagsCell target={target} digest={row.original.digest} moreTo={link(row.original.digest, 'tags')} /> },
    { header: 'Type', cell: ({ row }) => <TypeCell artifact={row.original} /> },
    { header: 'Platforms', cell: ({ row }) => <PlatformsCell artifact={row.original} /> },
    { header: 'Size', meta: { className: 'text-right tabular-nums whitespace-nowrap' }, cell: ({ row }) => formatBytes(row.original.size) },
    { header: 'Vulnerabilities', meta: { className: 'min-w-44' }, cell: ({ row }) => <VulnerabilitiesCell artifact={row.original} to={link(row.original.digest, 'vulnerabilities')} /> },
    { header: 'Signed / SBOM', cell: ({ row }) => <SupplyChainCell artifact={row.original} /> },
    {
      header: 'Referrers',
      meta: { className: 'text-right tabular-nums' },
      cell: ({ row }) =>
        row.original.accessory_count > 0 ? (
          <Link to={link(row.original.digest, 'referrers')} className="text-primary hover:underline" aria-label={`${row.original.accessory_count} ${row.original.accessory_count === 1 ? 'referrer' : 'referrers'} of ${shortDigest(row.original.digest)}`}>
            {row.original.accessory_count}
          </Link>
        ) : (
          <span className="text-muted">0</span>
        ),
    },
    {
      header: 'Labels',
      cell: ({ row }) => (
        <div className="flex max-w-64 flex-wrap gap-1">
          {row.original.labels.map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
        </div>
      ),
    },
    ...timeColumns<Artifact>(),
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'w-10 text-right' },
      cell: ({ row }) => (
        <ArtifactActions
          artifact={row.original}
          props={props}
          onLabels={() => setLabelling(row.original.digest)}
          onCopy={() => setCopying(row.original.digest)}
          onRetag={() => setRetagging(row.original.digest)}
          onRemoveTag={setRemovingTag}
          onDelete={() => setDeleting(row.original.digest)}
          scanActions={scanActionsOf(row.original)}
        />
      ),
    },
  ];

  return (
    <section aria-labelledby="artifacts-heading">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h2 id="artifacts-heading" className="mr-auto text-sm font-semibold">
          Artifacts
        </h2>
        <select aria-label="Filter artifacts by" className={controlClass} value={byDigest ? 'digest' : 'tag'} onChange={(e) => setParams({ filters: { by: e.target.value === 'digest' ? 'digest' : '' } })}>
          <option value="tag">Tag</option>
          <option value="digest">Digest</option>
        </select>
        <FilterInput
          label={byDigest ? 'Filter artifacts by digest' : 'Filter artifacts by tag'}
          placeholder={byDigest ? 'Part of a digest' : 'Part of a tag'}
          value={params.filter}
          onChange={(filter) => setParams({ filter })}
        />
        <select aria-label="Filter artifacts by label" className={controlClass} value={labelFilter} onChange={(e) => setParams({ filters: { label: e.target.value } })}>
          <option value="">Any label</option>
          {usableLabels.map((label) => (
            <option key={label.id} value={String(label.id)}>
              {label.name}
              {label.scope === 'g' ? ' (global)' : ''}
            </option>
          ))}
        </select>
      </div>
      <DataTable
        label="Artifacts"
        columns={columns}
        {...table}
        rowKey={(a) => a.id}
        empty={
          labelFilter ? (
            <EmptyState title="No artifact here carries that label." action={<Button onClick={() => setParams({ filters: { label: '' } })}>Show all artifacts</Button>}>
              {params.filter ? 'The tag or digest filter applies too. ' : ''}Put the label on an artifact from its row&apos;s menu.
            </EmptyState>
          ) : params.filter ? (
            <EmptyState title={`No artifact's ${byDigest ? 'digest' : 'tag'} contains "${params.filter}".`}>Change the filter, or clear it to see every artifact.</EmptyState>
          ) : (
            <EmptyState
              title="This repository holds no artifacts."
              action={
                <div className="w-full max-w-lg text-left">
                  <CommandLine command={`docker push ${props.host}/${props.fullName}:TAG`} label="Copy the push command" />
                </div>
              }
            >
              Push an image to it, or delete the repository from the project's Repositories tab.
            </EmptyState>
          )
        }
      />
      <DeleteArtifactDialog target={target} digest={deleting} onClose={() => setDeleting(null)} />
      <RemoveTagDialog target={target} tag={removingTag} onClose={() => setRemovingTag(null)} />
      <CopyArtifactDialog source={target} digest={copying} onClose={() => setCopying(null)} />
      <ArtifactLabelsDialog
        projectId={projectId}
        target={target}
        digest={labelling}
        onClose={() => setLabelling(null)}
      />
      <AddTagDialog target={target} digest={retagging ?? ''} open={retagging !== null} onOpenChange={(open) => !open && setRetagging(null)} />
    </section>
  );
}
