/**
 * A project's Scanner tab (Harbor's): the scanner its images are scanned with (its own choice,
 * else the system default) and, for those allowed (project admins), the choice among the
 * enabled registrations.
 */
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { FormError } from '../../components/ui/field';
import { EmptyState } from '../../components/ui/misc';
import { DefinitionList, Panel } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { useProjectScanner, useScannerCandidates, useSetProjectScanner, type ScannerRegistration } from './api/scanners';
import { adapterText, HealthBadge } from './components/scanner-text';

function ChooseScannerDialog({ project, current, open, onClose }: { project: Project; current: ScannerRegistration | null; open: boolean; onClose: () => void }) {
  const candidates = useScannerCandidates(project.project_id, open);
  const choose = useSetProjectScanner(project.project_id);
  const [chosen, setChosen] = useState(current?.uuid ?? '');
  useEffect(() => {
    if (open) setChosen(current?.uuid ?? '');
  }, [open, current]);
  const close = () => {
    choose.reset();
    onClose();
  };
  const save = () =>
    choose.mutate(chosen, {
      onSuccess: () => {
        toast.success(`The images of ${project.name} are now scanned with ${candidates.data?.find((c) => c.uuid === chosen)?.name ?? 'the chosen scanner'}.`);
        close();
      },
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      title="Choose the project's scanner"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" onClick={save} busy={choose.isPending} disabled={!chosen || chosen === current?.uuid}>
            Save
          </Button>
        </>
      }
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm text-muted">The enabled scanners. Reports of the former scanner stay with it.</legend>
        {candidates.isPending && <p className="text-sm text-muted">Loading the scanners…</p>}
        {candidates.data?.length === 0 && <p className="text-sm">No scanner is enabled. A system admin registers scanners under Interrogation Services.</p>}
        {candidates.data?.map((c) => (
          <label key={c.uuid} className="flex items-start gap-2 rounded border border-border p-2 text-sm">
            <input type="radio" name="scanner" className="mt-1 accent-primary" value={c.uuid} checked={chosen === c.uuid} onChange={() => setChosen(c.uuid)} />
            <span className="min-w-0">
              <span className="font-medium break-all">{c.name}</span>
              {c.is_default && <span className="text-muted"> (default)</span>}
              <span className="block text-xs break-all text-muted">{[c.url, adapterText(c)].filter(Boolean).join(' · ')}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={candidates.error ? toApiError(candidates.error).message : choose.error ? toApiError(choose.error).message : undefined} />
    </Dialog>
  );
}

export default function ProjectScannerTab({ project }: { project: Project }) {
  const scanner = useProjectScanner(project.project_id);
  const { can } = useProjectPermissions(project.project_id);
  const [choosing, setChoosing] = useState(false);
  const canChoose = can('scanner', 'create');
  const data = scanner.data;
  const chooseButton = canChoose && (
    <Button size="sm" onClick={() => setChoosing(true)}>
      {data ? 'Change' : 'Choose'}
    </Button>
  );
  return (
    <div className="max-w-3xl">
      <Panel title="Scanner" actions={chooseButton}>
        {scanner.isPending ? (
          <div className="h-24 animate-pulse rounded bg-surface-2" aria-hidden />
        ) : scanner.error ? (
          <FormError message={toApiError(scanner.error).message} />
        ) : data ? (
          <DefinitionList
            items={[
              ['Name', <span key="name" className="font-medium">{data.name}</span>],
              ['Endpoint', data.url],
              ['Health', <HealthBadge key="health" health={data.health} />],
              // Words wrap between words here, not inside them as the list's digests do.
              ['Adapter', <span key="adapter" className="break-normal">{adapterText(data) || 'Not answering'}</span>],
              ['Description', <span key="description" className="break-normal">{data.description || '—'}</span>],
            ]}
          />
        ) : (
          <EmptyState title="No scanner is registered.">A system admin registers scanners under Administration, Interrogation Services; the project then uses the default.</EmptyState>
        )}
      </Panel>
      <ChooseScannerDialog project={project} current={data ?? null} open={choosing} onClose={() => setChoosing(false)} />
    </div>
  );
}
