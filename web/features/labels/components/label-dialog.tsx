/** New and Edit label: name, colour and description; a project's label when a project is given. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError, TextAreaField } from '../../../components/ui/field';
import { LabelChip } from '../../../components/ui/label-chip';
import { toApiError } from '../../../lib/api-client';
import type { Label } from '../../../lib/api-types';
import { labelRefusal } from '../../../lib/field-labels';
import { isInputRefusal } from '../../../lib/field-message';
import { useSaveLabel, type LabelScope, type SaveLabel } from '../../../lib/labels';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(128, 'At most 128 characters.'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Choose a colour.'),
  description: z.string().max(1024, 'At most 1024 characters.'),
});
type LabelInput = z.infer<typeof schema>;

const LABELS: Record<string, string> = { name: 'Name', color: 'Colour', description: 'Description' };
const EMPTY: LabelInput = { name: '', color: '#2f6fdf', description: '' };

/** A saved #rgb colour as the colour picker's #rrggbb. */
const sixDigits = (color: string) => (/^#[0-9a-fA-F]{3}$/.test(color) ? `#${[...color.slice(1)].map((c) => c + c).join('')}` : color || EMPTY.color);

export function LabelDialog({ open, label, scope, onClose }: { open: boolean; label: Label | null; scope: LabelScope; onClose: () => void }) {
  const save = useSaveLabel();
  const form = useForm<LabelInput>({ resolver: zodResolver(schema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;

  useEffect(() => {
    if (open) form.reset(label ? { name: label.name, color: sixDigits(label.color), description: label.description } : EMPTY);
  }, [open, label, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: save,
    variables: (input): SaveLabel => {
      const fields = { name: input.name.trim(), color: input.color, description: input.description };
      if (label) return { id: label.id, body: fields };
      return { id: null, body: scope.projectId === null ? { ...fields, scope: 'g' } : { ...fields, scope: 'p', project_id: scope.projectId } };
    },
    done: (input) => (label ? `Label ${input.name.trim()} saved.` : `Label ${input.name.trim()} created.`),
    onClose,
  });

  const refusal = save.error ? labelRefusal(toApiError(save.error), LABELS) : undefined;
  useEffect(() => {
    if (!refusal?.field || !save.error || !isInputRefusal(toApiError(save.error))) return;
    if (refusal.field in LABELS) {
      form.setError(refusal.field as Path<LabelInput>, { type: 'server', message: refusal.text }, { shouldFocus: true });
      save.reset();
    }
  }, [refusal?.field, refusal?.text, save, form]);

  const preview = { name: form.watch('name') || 'Label', color: form.watch('color'), description: '' };
  return (
    <FormDialog open={open} onClose={close} title={label ? `Edit label ${label.name}` : 'New label'} formId="label-form" submitLabel={label ? 'Save' : 'Create'} busy={save.isPending}>
      <form id="label-form" onSubmit={onSubmit} className="grid gap-3" noValidate>
        <Field label={LABELS.name!} autoComplete="off" autoFocus error={errors.name?.message} {...form.register('name')} />
        <div className="flex items-end gap-3">
          <Field label={LABELS.color!} type="color" className="w-24" error={errors.color?.message} {...form.register('color')} />
          <div className="pb-2">
            <LabelChip label={preview} />
          </div>
        </div>
        <TextAreaField label={LABELS.description!} rows={2} error={errors.description?.message} {...form.register('description')} />
        <FormError message={refusal?.text} />
      </form>
    </FormDialog>
  );
}
