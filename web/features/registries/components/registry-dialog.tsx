/**
 * New and Edit registry endpoint. "Test connection" tries what is typed (on edit: the saved
 * endpoint with the typed changes over it) and shows the remote's plain reason on failure. The
 * saved access secret is never shown: an empty box on edit keeps it.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { CheckField, Field, FormError, SelectField, TextAreaField } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { labelRefusal } from '../../../lib/field-labels';
import { isInputRefusal } from '../../../lib/field-message';
import { useMutationForm } from '../../../lib/mutation-form';
import type { Registry, RegistryCreate, RegistryPing, RegistryUpdate } from '../../../lib/replication-types';
import { z } from '../../../lib/zod';
import { outcomeOf, TestConnection } from '../../../components/ui/test-result';
import { useAdapters, usePingRegistry, useSaveRegistry, type SaveRegistry } from '../api/registries';
import { providerName } from '../providers';

const schema = z.object({
  type: z.string().min(1, 'Choose a provider.'),
  name: z.string().trim().min(1, 'Enter a name.').max(255, 'At most 255 characters.'),
  url: z
    .string()
    .trim()
    .min(1, 'Enter the endpoint URL.')
    .regex(/^https?:\/\/[^\s/]+/i, 'Enter an address that starts with http:// or https://, such as https://registry.example.com.'),
  access_key: z.string().trim().max(255, 'At most 255 characters.'),
  access_secret: z.string().max(1024, 'At most 1024 characters.'),
  verify_cert: z.boolean(),
  description: z.string().max(1024, 'At most 1024 characters.'),
});
type RegistryInput = z.infer<typeof schema>;

/** The form's labels, also used to say the server's refusals in the form's words. */
const LABELS: Record<string, string> = {
  type: 'Provider',
  name: 'Name',
  url: 'Endpoint URL',
  access_key: 'Access ID',
  access_secret: 'Access secret',
  insecure: 'Verify remote certificate',
  description: 'Description',
};
const FIELDS = new Set(['type', 'name', 'url', 'access_key', 'access_secret', 'description']);

const EMPTY: RegistryInput = { type: '', name: '', url: '', access_key: '', access_secret: '', verify_cert: true, description: '' };

function formOf(registry: Registry): RegistryInput {
  return {
    type: registry.type,
    name: registry.name,
    url: registry.url,
    access_key: registry.credential?.access_key ?? '',
    access_secret: '',
    verify_cert: !registry.insecure,
    description: registry.description ?? '',
  };
}

function createBody(input: RegistryInput): RegistryCreate {
  return {
    type: input.type,
    name: input.name.trim(),
    url: input.url.trim(),
    insecure: !input.verify_cert,
    description: input.description,
    ...(input.access_key ? { credential: { type: 'basic', access_key: input.access_key, access_secret: input.access_secret } } : {}),
  };
}

/** The update: a typed secret replaces the saved one; removing the access ID removes the secret with it. */
function updateBody(input: RegistryInput): RegistryUpdate {
  const secret = input.access_key ? input.access_secret || undefined : '';
  return {
    name: input.name.trim(),
    url: input.url.trim(),
    insecure: !input.verify_cert,
    description: input.description,
    credential_type: 'basic',
    access_key: input.access_key,
    ...(secret !== undefined ? { access_secret: secret } : {}),
  };
}

function pingBody(input: RegistryInput, saved: Registry | null): RegistryPing {
  const credential = saved ? updateBody(input) : { credential_type: 'basic', access_key: input.access_key, access_secret: input.access_secret };
  return {
    ...(saved ? { id: saved.id } : {}),
    type: input.type,
    url: input.url.trim(),
    insecure: !input.verify_cert,
    credential_type: credential.credential_type,
    access_key: credential.access_key,
    ...(credential.access_secret !== undefined ? { access_secret: credential.access_secret } : {}),
  };
}

export interface RegistryDialogProps {
  open: boolean;
  /** The registry to edit; null for a new one. */
  registry: Registry | null;
  onClose: () => void;
}

export function RegistryDialog({ open, registry, onClose }: RegistryDialogProps) {
  const adapters = useAdapters();
  const save = useSaveRegistry();
  const ping = usePingRegistry();
  const form = useForm<RegistryInput>({ resolver: zodResolver(schema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;

  useEffect(() => {
    if (!open) return;
    form.reset(registry ? formOf(registry) : { ...EMPTY, type: adapters.data?.[0] ?? '' });
    ping.reset();
    // The adapters arrive after the dialog opens: pick the first for a new registry then.
  }, [open, registry, form]);
  useEffect(() => {
    if (open && !registry && !form.getValues('type') && adapters.data?.[0]) form.setValue('type', adapters.data[0]);
  }, [open, registry, adapters.data, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: save,
    variables: (input): SaveRegistry => (registry ? { id: registry.id, body: updateBody(input) } : { id: null, body: createBody(input) }),
    done: (input) => (registry ? `Registry ${input.name.trim()} saved.` : `Registry ${input.name.trim()} created.`),
    onClose: () => {
      ping.reset();
      onClose();
    },
  });

  // A refusal that names a field goes next to it, said with the form's label.
  const refusal = save.error ? labelRefusal(toApiError(save.error), LABELS) : undefined;
  useEffect(() => {
    if (!refusal?.field || !save.error || !isInputRefusal(toApiError(save.error))) return;
    const field = refusal.field === 'credential' ? 'access_key' : refusal.field;
    if (FIELDS.has(field)) {
      form.setError(field as Path<RegistryInput>, { type: 'server', message: refusal.text }, { shouldFocus: true });
      save.reset();
    }
  }, [refusal?.field, refusal?.text, save, form]);

  const test = async () => {
    if (!(await form.trigger(['type', 'url', 'access_key', 'access_secret']))) return;
    ping.mutate(pingBody(form.getValues(), registry));
  };
  const outcome = outcomeOf(ping, 'The registry answered and accepted the credentials.', (err) => labelRefusal(toApiError(err), LABELS).text);
  const hasKey = form.watch('access_key') !== '';

  return (
    <FormDialog
      open={open}
      onClose={close}
      title={registry ? `Edit ${registry.name}` : 'New registry endpoint'}
      formId="registry-form"
      submitLabel={registry ? 'Save' : 'Create'}
      busy={save.isPending}
    >
      <form id="registry-form" onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <SelectField
          label={LABELS.type!}
          disabled={registry !== null}
          hint={registry ? 'The provider of a saved endpoint cannot change.' : undefined}
          error={errors.type?.message ?? (adapters.isError ? toApiError(adapters.error).message : undefined)}
          {...form.register('type')}
        >
          {adapters.isPending && <option value="">Loading…</option>}
          {(adapters.data ?? (registry ? [registry.type] : [])).map((type) => (
            <option key={type} value={type}>
              {providerName(type)}
            </option>
          ))}
        </SelectField>
        <Field label={LABELS.name!} autoComplete="off" autoFocus error={errors.name?.message} {...form.register('name')} />
        <Field
          label={LABELS.url!}
          className="sm:col-span-2"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://registry.example.com"
          error={errors.url?.message}
          {...form.register('url')}
        />
        <Field label={LABELS.access_key!} autoComplete="off" hint="Empty for anonymous access." error={errors.access_key?.message} {...form.register('access_key')} />
        <Field
          label={LABELS.access_secret!}
          type="password"
          autoComplete="new-password"
          disabled={!hasKey}
          placeholder={registry?.credential?.access_key && hasKey ? 'Unchanged' : undefined}
          hint={registry ? 'Leave empty to keep the saved secret.' : undefined}
          error={errors.access_secret?.message}
          {...form.register('access_secret')}
        />
        <CheckField
          className="sm:col-span-2"
          label={LABELS.insecure!}
          hint="Untick only for a registry with a self-signed certificate you trust."
          {...form.register('verify_cert')}
        />
        <TextAreaField label={LABELS.description!} className="sm:col-span-2" rows={2} error={errors.description?.message} {...form.register('description')} />
        <TestConnection onTest={() => void test()} outcome={outcome} />
        <div className="sm:col-span-2">
          <FormError message={refusal?.text} />
        </div>
      </form>
    </FormDialog>
  );
}
