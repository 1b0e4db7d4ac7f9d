/**
 * The sections of the diff page: run settings that changed, the build history (the steps both
 * share folded into a count, then what each side has after them), the layers with their sizes,
 * and the files, with a filter box over their paths.
 */
import { useState } from 'react';
import { FilterInput } from '../../../components/ui/filter-input';
import { Badge, EmptyState, formatBytes } from '../../../components/ui/misc';
import { SimpleTable, type SimpleColumn } from '../../../components/ui/simple-table';
import type { ArtifactDiff } from '../../../lib/api-types';
import { shortDigest } from '../artifact-text';

type ConfigRow = ArtifactDiff['config'][number];
type LayerRow = ArtifactDiff['layers']['added'][number] & { status: 'Added' | 'Removed' | 'Shared' };
type Files = NonNullable<ArtifactDiff['files']>;
type FileSide = Files['added'][number];
type FileRow = { kind: 'Added' | 'Removed' | 'Changed'; path: string; before?: FileSide; after?: FileSide; changes?: string[] };

const TONES = { Added: 'success', Removed: 'danger', Changed: 'warning', Shared: 'neutral' } as const;
const CHANGE_WORDS: Record<string, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };
const value = (text: string | undefined) => (text === undefined ? <span className="text-muted">—</span> : <code className="font-mono text-xs break-all">{text}</code>);

const configColumns: SimpleColumn<ConfigRow>[] = [
  { header: 'Setting', className: 'whitespace-nowrap', cell: (c) => (c.key ? `${c.field} ${c.key}` : c.field) },
  { header: 'Change', className: 'w-24', cell: (c) => <Badge tone={TONES[CHANGE_WORDS[c.change] as 'Added']}>{CHANGE_WORDS[c.change]}</Badge> },
  { header: 'Before', cell: (c) => value(c.before) },
  { header: 'After', cell: (c) => value(c.after) },
];

export function ConfigChanges({ diff }: { diff: ArtifactDiff }) {
  return (
    <SimpleTable label="Setting changes" columns={configColumns} rows={diff.config} rowKey={(c) => `${c.field}-${c.key ?? ''}`} empty={<EmptyState title="Both images run with the same settings." />} />
  );
}

/** Dockerfile steps as the builder records them: `/bin/sh -c #(nop)  CMD ["x"]` reads as `CMD ["x"]`. */
const readable = (step: string | undefined) => (step ?? 'No build step recorded').replace(/^\/bin\/sh -c #\(nop\)\s+/, '').trim();

export function HistoryDiff({ diff }: { diff: ArtifactDiff }) {
  const { shared, from, to } = diff.history;
  const lines = [...from.map((h) => ({ sign: '−', label: 'Only in the first image', step: h.created_by })), ...to.map((h) => ({ sign: '+', label: 'Only in the second image', step: h.created_by }))];
  return (
    <div className="rounded-lg border border-border bg-surface p-3 text-sm">
      <p className="text-muted">{shared === 1 ? '1 build step in common.' : `${shared} build steps in common.`}</p>
      {lines.length === 0 ? (
        <p className="mt-1">No other steps: the histories are the same.</p>
      ) : (
        <ul className="mt-2 space-y-1" aria-label="Build steps that differ">
          {lines.map((line, i) => (
            <li key={i} className="flex gap-2">
              <span aria-label={line.label} className={line.sign === '+' ? 'text-success' : 'text-danger'}>
                {line.sign}
              </span>
              <pre className="min-w-0 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap">{readable(line.step)}</pre>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const layerColumns: SimpleColumn<LayerRow>[] = [
  { header: 'Layer', className: 'whitespace-nowrap', cell: (l) => <code className="font-mono text-xs" title={l.digest}>{shortDigest(l.digest)}</code> },
  { header: 'Status', className: 'w-24', cell: (l) => <Badge tone={TONES[l.status]}>{l.status}</Badge> },
  { header: 'Size', className: 'w-24 text-right tabular-nums whitespace-nowrap', cell: (l) => formatBytes(l.size) },
  { header: 'Build step', cell: (l) => <span className="font-mono text-xs break-words">{l.created_by ? readable(l.created_by) : '—'}</span> },
];

export function LayersDiff({ diff }: { diff: ArtifactDiff }) {
  const rows: LayerRow[] = [
    ...diff.layers.removed.map((l) => ({ ...l, status: 'Removed' as const })),
    ...diff.layers.added.map((l) => ({ ...l, status: 'Added' as const })),
    ...diff.layers.shared.map((l) => ({ ...l, status: 'Shared' as const })),
  ];
  const bytes = (list: { size: number }[]) => formatBytes(list.reduce((sum, l) => sum + l.size, 0));
  return (
    <>
      <p className="mb-2 text-sm text-muted">
        {diff.layers.added.length} added ({bytes(diff.layers.added)}), {diff.layers.removed.length} removed ({bytes(diff.layers.removed)}), {diff.layers.shared.length} shared ({bytes(diff.layers.shared)}), compressed sizes.
      </p>
      <SimpleTable label="Layers" columns={layerColumns} rows={rows} rowKey={(l) => `${l.status}-${l.digest}`} empty={<EmptyState title="Neither image has layers." />} />
    </>
  );
}

const mode = (side: FileSide | undefined) => side?.mode ?? '';
const fileType = (side: FileSide) => (side.type === 'symlink' && side.link_target ? `symlink to ${side.link_target}` : side.type);
const fromTo = (before: string | undefined, after: string | undefined) => (before === undefined ? after : after === undefined ? before : before === after ? after : `${before} → ${after}`);

const fileColumns: SimpleColumn<FileRow>[] = [
  { header: 'Change', className: 'w-24', cell: (f) => <Badge tone={TONES[f.kind]}>{f.kind}</Badge> },
  { header: 'Path', cell: (f) => <code className="font-mono text-xs break-all">/{f.path}</code> },
  { header: 'What changed', cell: (f) => (f.changes ? f.changes.join(', ') : fileType((f.after ?? f.before)!)) },
  {
    header: 'Size',
    className: 'text-right tabular-nums whitespace-nowrap',
    cell: (f) => fromTo(f.before && formatBytes(f.before.size), f.after && formatBytes(f.after.size)),
  },
  { header: 'Mode', className: 'font-mono text-xs whitespace-nowrap', cell: (f) => fromTo(f.before && mode(f.before), f.after && mode(f.after)) },
];

export function FilesDiff({ diff }: { diff: ArtifactDiff }) {
  const [filter, setFilter] = useState('');
  if (!diff.files) return <EmptyState title="The files cannot be compared.">{diff.files_problem}</EmptyState>;
  const files = diff.files;
  const rows: FileRow[] = [
    ...files.changed.map((c) => ({ kind: 'Changed' as const, path: c.path, before: c.before, after: c.after, changes: c.changes })),
    ...files.added.map((f) => ({ kind: 'Added' as const, path: f.path, after: f })),
    ...files.removed.map((f) => ({ kind: 'Removed' as const, path: f.path, before: f })),
  ];
  const needle = filter.trim().replace(/^\//, '').toLowerCase();
  const shown = needle ? rows.filter((r) => r.path.toLowerCase().includes(needle)) : rows;
  const { totals } = files;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <FilterInput label="Filter files by path" value={filter} onChange={setFilter} placeholder="Filter by path" />
        <p className="text-sm text-muted">
          {totals.changed} changed, {totals.added} added, {totals.removed} removed
          {files.truncated && `; only the first ${files.limit} of each are listed`}.
        </p>
      </div>
      <SimpleTable label="Files" columns={fileColumns} rows={shown} rowKey={(f) => `${f.kind}-${f.path}`} empty={<EmptyState title={needle ? 'No listed file matches the filter.' : 'Both images hold the same files.'} />} />
    </>
  );
}
