/**
 * An image's place among the others: the image it is built on (whose layers are its first
 * layers: "Built on library/debian:12") and how many images are built on it, which the
 * Dependents tab lists.
 */
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/misc';
import { paths } from '../../../config/paths';
import type { ArtifactLineage, ArtifactSummary } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import type { RepositoryRef } from '../../../lib/query-keys';
import { dependentsQuery } from '../api/layers';
import { nameInProject } from '../api/repositories';
import { shortDigest } from '../artifact-text';
import { ArtifactSummaryTable } from './artifact-summary-table';

const refText = (a: ArtifactSummary) => (a.tags[0] ? `${a.repository_name}:${a.tags[0]}` : `${a.repository_name}@${shortDigest(a.digest)}`);

export function LineageLine({ lineage, dependentsTo }: { lineage: ArtifactLineage | undefined; dependentsTo: string }) {
  // Reserves its line while loading, so the tabs below do not jump.
  if (!lineage) return <p className="mb-3 min-h-5" />;
  if (lineage.layers === 0) return null;
  const { base, used_by_count: usedBy } = lineage;
  return (
    <p className="mb-3 flex min-h-5 flex-wrap gap-x-4 gap-y-1 text-sm">
      <span>
        {base ? (
          <>
            Built on{' '}
            <Link to={paths.artifact(base.project_id, nameInProject(base.repository_name, base.project_name), base.digest)} className="break-all text-primary hover:underline">
              {refText(base)}
            </Link>
          </>
        ) : (
          <span className="text-muted">Built on no image in this registry</span>
        )}
      </span>
      <Link to={dependentsTo} className="text-primary hover:underline">
        Used by {usedBy} {usedBy === 1 ? 'image' : 'images'}
      </Link>
    </p>
  );
}

export function DependentsTab({ target, digest }: { target: RepositoryRef; digest: string }) {
  const { table } = useListPage({}, dependentsQuery(target, digest));
  return (
    <ArtifactSummaryTable
      label="Images built on this one"
      {...table}
      empty={
        <EmptyState title="No image you may see is built on this one.">
          An image is built on this one when its first layers are all of this image's layers.
        </EmptyState>
      }
    />
  );
}
