/** Cells of artifact tables: digest with copy, the first tags, type, platforms, push and pull times. */
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { Badge, formatTime, neverPulled } from '../../../components/ui/misc';
import type { Artifact } from '../../../lib/api-types';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useTagPreview } from '../api/tags';
import { distinctArtifactType, platformsOf, shortDigest, supplyChainOf } from '../artifact-text';

export { DigestCell } from '../../../components/digest-cell';

/** The newest few tags, and "+N more" leading to the artifact's Tags tab. */
export function TagsCell({ target, digest, moreTo }: { target: RepositoryRef; digest: string; moreTo: string }) {
  const preview = useTagPreview(target, digest);
  if (!preview.data) return <span className="inline-block h-4 w-16 animate-pulse rounded bg-surface-2" aria-hidden />;
  const { items, total } = preview.data;
  if (total === 0) return <span className="text-xs text-muted">untagged</span>;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {items.map((tag) => (
        <Badge key={tag.id} tone="primary">
          {tag.name}
        </Badge>
      ))}
      {total > items.length && (
        <Link to={moreTo} className="text-xs whitespace-nowrap text-primary hover:underline" aria-label={`All ${total} tags of ${shortDigest(digest)}`}>
          +{total - items.length} more
        </Link>
      )}
    </span>
  );
}

export function TypeCell({ artifact }: { artifact: Artifact }) {
  const artifactType = distinctArtifactType(artifact);
  return (
    <span className="flex flex-col items-start gap-0.5">
      <Badge>{artifact.type}</Badge>
      {artifactType && <span className="font-mono text-xs break-all text-muted">{artifactType}</span>}
    </span>
  );
}

export function PlatformsCell({ artifact }: { artifact: Artifact }) {
  const platforms = platformsOf(artifact);
  if (platforms.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul aria-label="Platforms" className="flex flex-wrap gap-1">
      {platforms.map((p, i) => (
        <li key={`${p}-${i}`} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap">
          {p}
        </li>
      ))}
    </ul>
  );
}

/** Whether the artifact is signed (cosign or notation) and carries an SBOM, from its accessories. */
export function SupplyChainCell({ artifact }: { artifact: Artifact }) {
  const { signed, sbom } = supplyChainOf(artifact);
  if (!signed && !sbom) return <span className="text-xs text-muted">Unsigned, no SBOM</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {signed && <Badge tone="success">Signed</Badge>}
      {sbom && <Badge tone="primary">SBOM</Badge>}
    </span>
  );
}

/** Pushed and Pulled, sortable, and how many pulls, for artifacts and tags alike ("Never" until the first pull). */
export function timeColumns<T extends { push_time: string; pull_time: string; pull_count: number }>(): ColumnDef<T, unknown>[] {
  return [
    { header: 'Pushed', meta: { sortField: 'push_time', className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.push_time) },
    {
      header: 'Pulled',
      meta: { sortField: 'pull_time', className: 'whitespace-nowrap' },
      cell: ({ row }) => (neverPulled(row.original.pull_time) ? <span className="text-muted">Never</span> : formatTime(row.original.pull_time)),
    },
    { header: 'Pulls', meta: { className: 'text-right tabular-nums' }, cell: ({ row }) => row.original.pull_count },
  ];
}
