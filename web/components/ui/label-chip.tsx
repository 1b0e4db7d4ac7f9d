/**
 * A label as a chip: its colour as a dot beside its name, so any colour keeps the text readable
 * (the name is never drawn on the label's own colour).
 */
import type { Label } from '../../lib/api-types';

export function LabelChip({ label }: { label: Pick<Label, 'name' | 'color' | 'description'> }) {
  return (
    <span
      className="inline-flex max-w-48 items-center gap-1.5 rounded-full border border-border bg-surface px-2 py-0.5 text-xs"
      title={label.description || undefined}
    >
      <span aria-hidden className="size-2.5 shrink-0 rounded-full border border-border" style={{ backgroundColor: label.color || 'transparent' }} />
      <span className="truncate">{label.name}</span>
    </span>
  );
}
