/**
 * Compare two artifacts of a repository: pick two tags (or untagged digests), see what changed
 * from the first to the second — settings, build history, layers and files. The choice lives in
 * the URL (?from=&to=), so a diff can be shared. The first diff of big images waits for their
 * layers to be read; the page says how far that got.
 */
import { useSearchParams } from 'react-router';
import { SelectField } from '../../components/ui/field';
import { EmptyState, PageHeader } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useArtifactDiff, useReferenceChoices, type ReferenceChoice } from './api/diff';
import { ConfigChanges, FilesDiff, HistoryDiff, LayersDiff } from './components/diff-sections';

function Side({ label, value, choices, onChange }: { label: string; value: string; choices: ReferenceChoice[] | undefined; onChange: (v: string) => void }) {
  const known = choices?.some((c) => c.value === value);
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} className="min-w-0 sm:w-64" disabled={!choices}>
      <option value="">Choose a tag</option>
      {value && !known && <option value={value}>{value}</option>}
      {choices?.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </SelectField>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mt-6" aria-label={title}>
      <h2 className="mb-2 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default function DiffPage({ project, repository }: { project: Project; repository: string }) {
  const target = { projectName: project.name, repository };
  const [search, setSearch] = useSearchParams();
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const choices = useReferenceChoices(target);
  const diff = useArtifactDiff(target, from, to);
  const choose = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next, { replace: true });
  };
  const crumbs = [
    { label: 'Projects', to: paths.projects },
    { label: project.name, to: paths.project(project.project_id, 'repositories') },
    { label: repository, to: paths.repository(project.project_id, repository) },
    { label: 'Compare' },
  ];
  const answer = diff.data;

  return (
    <>
      <PageHeader crumbs={crumbs} title={`Compare ${project.name}/${repository}`} />
      <div className="flex flex-wrap items-end gap-3">
        <Side label="First image" value={from} choices={choices.data} onChange={(v) => choose('from', v)} />
        <Side label="Second image" value={to} choices={choices.data} onChange={(v) => choose('to', v)} />
      </div>
      {choices.error && <p className="mt-2 text-sm text-danger">{toApiError(choices.error).message}</p>}
      {(!from || !to) && <p className="mt-4 text-sm text-muted">Choose two tags to see what changed from the first image to the second.</p>}
      {diff.error && (
        <div className="mt-4">
          <EmptyState title={toApiError(diff.error).message} />
        </div>
      )}
      {from && to && !answer && !diff.error && <p className="mt-4 text-sm text-muted" aria-busy="true">Comparing…</p>}
      {answer && !answer.ready && (
        <p className="mt-4 flex items-center gap-2 text-sm" role="status">
          <span className="inline-block size-4 animate-spin rounded-full border-2 border-border border-t-primary" aria-hidden />
          {answer.progress.message}. Big layers are read once; later comparisons are quick.
        </p>
      )}
      {answer?.ready && (
        <>
          <Section title="Settings">
            <ConfigChanges diff={answer.diff} />
          </Section>
          <Section title="Build history">
            <HistoryDiff diff={answer.diff} />
          </Section>
          <Section title="Layers">
            <LayersDiff diff={answer.diff} />
          </Section>
          <Section title="Files">
            <FilesDiff diff={answer.diff} />
          </Section>
        </>
      )}
    </>
  );
}
