/**
 * Labels of one artifact: every label its project may use (global ones first), each a checkbox
 * that puts the label on or takes it off at once.
 */
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { FormError } from '../../../components/ui/field';
import { LabelChip } from '../../../components/ui/label-chip';
import { toApiError } from '../../../lib/api-client';
import type { Label } from '../../../lib/api-types';
import { useToggleArtifactLabel, useUsableLabels } from '../../../lib/labels';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useArtifact } from '../api/artifacts';
import { shortDigest } from '../artifact-text';

export function ArtifactLabelsDialog({ projectId, target, digest, onClose }: { projectId: number; target: RepositoryRef; digest: string | null; onClose: () => void }) {
  return digest ? <LabelsOf projectId={projectId} target={target} digest={digest} onClose={onClose} /> : null;
}

/** The dialog for one artifact, read on its own: a label filter may take it off the list behind. */
function LabelsOf({ projectId, target, digest, onClose }: { projectId: number; target: RepositoryRef; digest: string; onClose: () => void }) {
  const usable = useUsableLabels(projectId);
  const artifact = useArtifact(target, digest).data ?? null;
  const toggle = useToggleArtifactLabel(target);
  // The box shows the change at once; the list's answer replaces it once the server has it.
  const [changing, setChanging] = useState<{ id: number; checked: boolean } | null>(null);
  const on = new Set((artifact?.labels ?? []).map((l) => l.id));
  const isOn = (label: Label) => (changing?.id === label.id ? changing.checked : on.has(label.id));
  const change = (label: Label, checked: boolean) => {
    setChanging({ id: label.id, checked });
    toggle.mutate(
      { digest, label, on: checked },
      {
        onSuccess: () => toast.success(checked ? `Label ${label.name} added.` : `Label ${label.name} removed.`),
        onSettled: () => setChanging(null),
      },
    );
  };
  const labels = usable.data ?? [];
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Labels of ${shortDigest(digest)}`}
      description="Ticked labels are on the artifact; a change is saved at once."
      footer={<Button onClick={onClose}>Done</Button>}
    >
      {usable.isPending || !artifact ? (
        <p className="text-sm text-muted">Loading labels…</p>
      ) : labels.length === 0 ? (
        <p className="text-sm text-muted">There are no labels yet: make them in the project&apos;s Labels tab, or ask a system admin for global ones.</p>
      ) : (
        <fieldset className="flex max-h-80 flex-col gap-2 overflow-y-auto" disabled={toggle.isPending}>
          <legend className="sr-only">Labels</legend>
          {labels.map((label) => (
            <label key={label.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={isOn(label)} onChange={(e) => change(label, e.target.checked)} aria-label={label.name} />
              <LabelChip label={label} />
              <span className="text-xs text-muted">{label.scope === 'g' ? 'Global' : 'Project'}</span>
            </label>
          ))}
        </fieldset>
      )}
      <FormError message={toggle.error ? toApiError(toggle.error).message : undefined} />
    </Dialog>
  );
}
