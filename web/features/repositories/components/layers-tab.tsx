/** An image's layers in order, each with its size and the build step (created_by) that made it. */
import { CopyButton, EmptyState, formatBytes } from '../../../components/ui/misc';
import { toApiError } from '../../../lib/api-client';
import type { Layer } from '../../../lib/api-types';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useLayers } from '../api/artifacts';
import { shortDigest } from '../artifact-text';
import { SimpleTable, type SimpleColumn } from '../../../components/ui/simple-table';

/** Dockerfile steps as the builder records them: `/bin/sh -c #(nop)  CMD ["x"]` reads as `CMD ["x"]`. */
const readable = (step: string) => step.replace(/^\/bin\/sh -c #\(nop\)\s+/, '').trim();

const columns: SimpleColumn<Layer>[] = [
  { header: '#', className: 'w-8 tabular-nums text-muted', cell: (_, i) => i + 1 },
  {
    header: 'Command',
    cell: (layer) =>
      layer.created_by ? (
        <pre className="max-w-[60rem] font-mono text-xs leading-relaxed break-words whitespace-pre-wrap">{readable(layer.created_by)}</pre>
      ) : (
        <span className="text-muted">No build step recorded</span>
      ),
  },
  { header: 'Size', className: 'w-24 text-right tabular-nums whitespace-nowrap', cell: (layer) => formatBytes(layer.size) },
  {
    header: 'Digest',
    className: 'w-44 whitespace-nowrap',
    cell: (layer) => (
      <span className="inline-flex items-center gap-1">
        <code className="font-mono text-xs" title={layer.digest}>
          {shortDigest(layer.digest)}
        </code>
        <CopyButton text={layer.digest} label={`Copy layer digest ${shortDigest(layer.digest)}`} />
      </span>
    ),
  },
];

export function LayersTab({ target, digest }: { target: RepositoryRef; digest: string }) {
  const layers = useLayers(target, digest, true);
  const total = layers.data?.reduce((sum, l) => sum + l.size, 0);
  return (
    <>
      <p className="mb-3 h-5 text-sm text-muted">
        {layers.data && `${layers.data.length} ${layers.data.length === 1 ? 'layer' : 'layers'}, ${formatBytes(total)} compressed, in the order they are applied.`}
      </p>
      <SimpleTable
        label="Layers"
        columns={columns}
        rows={layers.data}
        rowKey={(layer, i) => `${i}-${layer.digest}`}
        error={layers.error ? toApiError(layers.error).message : undefined}
        empty={<EmptyState title="This artifact has no layers." />}
      />
    </>
  );
}
