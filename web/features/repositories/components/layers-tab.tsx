/**
 * An image's build history, as Harbor's portal shows it: every build step in order, each with
 * the layer it made and its size; steps that made no layer (ENV, CMD, ...) say so. Artifacts
 * without an image config (no history) list their layers alone. Each layer's digest leads to the
 * artifacts that use it.
 */
import { Link } from 'react-router';
import { CopyButton, EmptyState, formatBytes } from '../../../components/ui/misc';
import { paths } from '../../../config/paths';
import { SimpleTable, type SimpleColumn } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useBuildHistory, useLayers } from '../api/artifacts';
import { buildSteps, shortDigest, type BuildStep } from '../artifact-text';

/** Dockerfile steps as the builder records them: `/bin/sh -c #(nop)  CMD ["x"]` reads as `CMD ["x"]`. */
const readable = (step: string) => step.replace(/^\/bin\/sh -c #\(nop\)\s+/, '').trim();

const columns: SimpleColumn<BuildStep>[] = [
  { header: '#', className: 'w-8 tabular-nums text-muted', cell: (_, i) => i + 1 },
  {
    header: 'Command',
    cell: ({ step }) =>
      step ? (
        <pre className="max-w-[60rem] font-mono text-xs leading-relaxed break-words whitespace-pre-wrap">{readable(step)}</pre>
      ) : (
        <span className="text-muted">No build step recorded</span>
      ),
  },
  {
    header: 'Size',
    className: 'w-24 text-right tabular-nums whitespace-nowrap',
    cell: ({ layer }) => (layer ? formatBytes(layer.size) : <span className="text-muted">No layer</span>),
  },
  {
    header: 'Layer',
    className: 'w-44 whitespace-nowrap',
    cell: ({ layer }) =>
      layer ? (
        <span className="inline-flex items-center gap-1">
          <Link to={paths.layer(layer.digest)} title={`Artifacts using layer ${layer.digest}`} className="font-mono text-xs text-primary hover:underline">
            {shortDigest(layer.digest)}
          </Link>
          <CopyButton text={layer.digest} label={`Copy layer digest ${shortDigest(layer.digest)}`} />
        </span>
      ) : (
        <span className="text-muted">—</span>
      ),
  },
];

export function LayersTab({ target, digest, hasHistory }: { target: RepositoryRef; digest: string; hasHistory: boolean }) {
  const layers = useLayers(target, digest, true);
  const history = useBuildHistory(target, digest, hasHistory);
  const ready = layers.data && (!hasHistory || history.data);
  const steps = ready ? buildSteps(hasHistory ? history.data! : [], layers.data!) : undefined;
  const total = layers.data?.reduce((sum, l) => sum + l.size, 0);
  const error = layers.error ?? history.error;
  return (
    <>
      <p className="mb-3 min-h-5 text-sm text-muted">
        {steps &&
          `${steps.length} ${steps.length === 1 ? 'step' : 'steps'} making ${layers.data!.length} ${layers.data!.length === 1 ? 'layer' : 'layers'}, ${formatBytes(total)} compressed, in the order they are applied.`}
      </p>
      <SimpleTable
        label="Layers"
        columns={columns}
        rows={steps}
        rowKey={(step, i) => `${i}-${step.layer?.digest ?? 'none'}`}
        error={error ? toApiError(error).message : undefined}
        empty={<EmptyState title="This artifact has no layers." />}
      />
    </>
  );
}
