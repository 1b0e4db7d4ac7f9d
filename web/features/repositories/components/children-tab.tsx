/** An index's children: the platform each is for, each linked to its own page. */
import { Link } from 'react-router';
import { CopyButton, EmptyState } from '../../../components/ui/misc';
import type { ArtifactReference } from '../../../lib/api-types';
import { platformText, shortDigest } from '../artifact-text';
import { SimpleTable } from '../../../components/ui/simple-table';

export function ChildrenTab({ references, linkTo }: { references: ArtifactReference[]; linkTo: (digest: string) => string }) {
  return (
    <SimpleTable
      label="Index children"
      rows={references}
      rowKey={(r) => r.child_digest}
      empty={<EmptyState title="This index lists no manifests." />}
      columns={[
        {
          header: 'Platform',
          cell: (r) => <span className="font-mono text-xs">{r.platform ? platformText(r.platform) : 'unspecified'}</span>,
        },
        {
          header: 'Digest',
          cell: (r) => (
            <span className="inline-flex items-center gap-1">
              <Link
                to={linkTo(r.child_digest)}
                title={r.child_digest}
                aria-label={`${r.platform ? platformText(r.platform) : 'Child'} ${shortDigest(r.child_digest)}`}
                className="font-mono text-xs text-primary hover:underline"
              >
                {shortDigest(r.child_digest)}
              </Link>
              <CopyButton text={r.child_digest} label={`Copy digest ${shortDigest(r.child_digest)}`} />
            </span>
          ),
        },
        {
          header: 'OS version',
          cell: (r) => r.platform?.['os.version'] ?? <span className="text-muted">—</span>,
        },
      ]}
    />
  );
}
