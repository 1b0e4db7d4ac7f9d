/**
 * Edit a project's storage quota: unlimited, or an amount in MiB, GiB or TiB (Harbor's units),
 * up to 1024 TiB. A limit below what the project already uses is allowed: pushes that add
 * storage are then refused until artifacts are deleted.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { CheckField, Field, FormError, SelectField } from '../../../components/ui/field';
import { formatBytes } from '../../../components/ui/misc';
import { labelRefusal } from '../../../lib/field-labels';
import { toApiError } from '../../../lib/api-client';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { useUpdateQuota, type Quota } from '../api/quotas';

const UNITS = { MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;
type Unit = keyof typeof UNITS;
const MAX_BYTES = 1024 ** 5;

const schema = z
  .object({
    unlimited: z.boolean(),
    amount: z.string().trim(),
    unit: z.enum(['MiB', 'GiB', 'TiB']),
  })
  .superRefine((input, ctx) => {
    if (input.unlimited) return;
    const value = Number(input.amount);
    if (!input.amount || !Number.isFinite(value) || value <= 0) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter a storage limit greater than 0, or tick Unlimited.' });
    } else if (value * UNITS[input.unit] > MAX_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'The storage limit can be at most 1024 TiB.' });
    }
  });
type QuotaInput = z.infer<typeof schema>;

const LABELS: Record<string, string> = { 'hard.storage': 'Storage limit' };

/** The largest unit that shows the limit as a whole number, else MiB. */
function formOf(limit: number): QuotaInput {
  if (limit < 0) return { unlimited: true, amount: '', unit: 'GiB' };
  const unit = (['TiB', 'GiB', 'MiB'] as Unit[]).find((u) => limit % UNITS[u] === 0) ?? 'MiB';
  return { unlimited: false, amount: String(+(limit / UNITS[unit]).toFixed(3)), unit };
}

const bytesOf = (input: QuotaInput) => (input.unlimited ? -1 : Math.max(1, Math.round(Number(input.amount) * UNITS[input.unit])));

export function QuotaDialog({ quota, onClose }: { quota: Quota | null; onClose: () => void }) {
  const update = useUpdateQuota();
  const form = useForm<QuotaInput>({ resolver: zodResolver(schema), defaultValues: formOf(-1), mode: 'onTouched' });
  const errors = form.formState.errors;
  useEffect(() => {
    if (quota) form.reset(formOf(quota.hard.storage));
  }, [quota, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: update,
    variables: (input) => ({ id: quota!.id, storage: bytesOf(input) }),
    done: () => `Quota of ${quota!.ref.name} saved.`,
    onClose,
  });
  const unlimited = form.watch('unlimited');
  const refusal = update.error ? labelRefusal(toApiError(update.error), LABELS).text : undefined;

  return (
    <FormDialog
      open={quota !== null}
      onClose={close}
      title={quota ? `Edit quota of ${quota.ref.name}` : 'Edit quota'}
      description={quota && `The project uses ${formatBytes(quota.used.storage)}.`}
      formId="quota-form"
      submitLabel="Save"
      busy={update.isPending}
    >
      <form id="quota-form" onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_8rem]" noValidate>
        <CheckField className="sm:col-span-2" label="Unlimited" hint="No limit on the project's storage." {...form.register('unlimited')} />
        <Field
          label="Storage limit"
          inputMode="decimal"
          autoComplete="off"
          disabled={unlimited}
          error={errors.amount?.message}
          {...form.register('amount')}
        />
        <SelectField label="Unit" disabled={unlimited} {...form.register('unit')}>
          {Object.keys(UNITS).map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </SelectField>
        <div className="sm:col-span-2">
          <FormError message={refusal} />
        </div>
      </form>
    </FormDialog>
  );
}
