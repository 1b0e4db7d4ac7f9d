/**
 * New and Edit webhook. "Test" sends a sample event of the first chosen type to the typed
 * endpoint at once and says what the receiver answered. A saved auth header is never shown:
 * an empty box on edit keeps it.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { FormDialog } from '../../../components/ui/dialog';
import { CheckField, Field, FormError, SelectField, TextAreaField } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { labelRefusal } from '../../../lib/field-labels';
import { isInputRefusal } from '../../../lib/field-message';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { TestResult, type TestOutcome } from '../../../components/ui/test-result';
import { useSaveWebhook, useTestWebhook, type SaveWebhook, type WebhookPolicy, type WebhookPolicyBody } from '../api/webhooks';

export const EVENT_LABELS: Record<string, string> = {
  PUSH_ARTIFACT: 'Artifact pushed',
  PULL_ARTIFACT: 'Artifact pulled',
  DELETE_ARTIFACT: 'Artifact deleted',
  REPLICATION: 'Replication finished',
  TAG_RETENTION: 'Tag retention finished',
  QUOTA_EXCEED: 'Quota exceeded',
  QUOTA_WARNING: 'Quota near its limit',
};
const EVENTS = Object.keys(EVENT_LABELS);

const schema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(256, 'At most 256 characters.'),
    description: z.string().max(1024, 'At most 1024 characters.'),
    type: z.enum(['http', 'slack']),
    payload_format: z.enum(['Default', 'CloudEvents']),
    address: z
      .string()
      .trim()
      .min(1, 'Enter the endpoint URL.')
      .regex(/^https?:\/\/[^\s/]+/i, 'Enter an address that starts with http:// or https://, such as https://hooks.example.com/berth.'),
    auth_header: z.string().max(4096, 'At most 4096 characters.'),
    verify_cert: z.boolean(),
    enabled: z.boolean(),
    events: z.array(z.string()).min(1, 'Choose at least one event.'),
  });
type WebhookInput = z.infer<typeof schema>;

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  type: 'Notify type',
  payload_format: 'Payload format',
  address: 'Endpoint URL',
  auth_header: 'Auth header',
  skip_cert_verify: 'Verify remote certificate',
  event_types: 'Events',
  events: 'Events',
};
/** The server names target fields targets[0].address; the form has one target. */
const fieldOfServer = (field: string) => field.replace(/^targets\[0\]\./, '').replace(/^targets$/, 'address').replace(/^event_types$/, 'events');

const EMPTY: WebhookInput = { name: '', description: '', type: 'http', payload_format: 'Default', address: '', auth_header: '', verify_cert: true, enabled: true, events: ['PUSH_ARTIFACT'] };

function formOf(policy: WebhookPolicy): WebhookInput {
  const target = policy.targets?.[0];
  return {
    name: policy.name ?? '',
    description: policy.description ?? '',
    type: target?.type === 'slack' ? 'slack' : 'http',
    payload_format: target?.payload_format === 'CloudEvents' ? 'CloudEvents' : 'Default',
    address: target?.address ?? '',
    auth_header: '',
    verify_cert: !target?.skip_cert_verify,
    enabled: policy.enabled !== false,
    events: policy.event_types ?? [],
  };
}

/** On edit an empty auth header keeps the saved one (the server's "*****"). */
function bodyOf(input: WebhookInput, saved: WebhookPolicy | null): WebhookPolicyBody {
  const keep = saved?.targets?.[0]?.auth_header === '*****' && input.auth_header === '';
  return {
    name: input.name.trim(),
    description: input.description,
    enabled: input.enabled,
    event_types: input.events,
    targets: [
      {
        type: input.type,
        address: input.address.trim(),
        auth_header: keep ? '*****' : input.auth_header,
        skip_cert_verify: !input.verify_cert,
        ...(input.type === 'http' ? { payload_format: input.payload_format } : {}),
      },
    ],
  };
}

export function WebhookDialog({ open, projectId, policy, onClose }: { open: boolean; projectId: number; policy: WebhookPolicy | null; onClose: () => void }) {
  const save = useSaveWebhook(projectId);
  const trial = useTestWebhook(projectId);
  const form = useForm<WebhookInput>({ resolver: zodResolver(schema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;

  useEffect(() => {
    if (!open) return;
    form.reset(policy ? formOf(policy) : EMPTY);
    trial.reset();
  }, [open, policy, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: save,
    variables: (input): SaveWebhook => ({ id: policy?.id ?? null, body: bodyOf(input, policy) }),
    done: (input) => (policy ? `Webhook ${input.name.trim()} saved.` : `Webhook ${input.name.trim()} created.`),
    onClose: () => {
      trial.reset();
      onClose();
    },
  });

  const refusal = save.error ? labelRefusal(toApiError(save.error), LABELS) : undefined;
  useEffect(() => {
    if (!refusal?.field || !save.error || !isInputRefusal(toApiError(save.error))) return;
    const field = fieldOfServer(refusal.field);
    if (field in EMPTY) {
      form.setError(field as Path<WebhookInput>, { type: 'server', message: refusal.text }, { shouldFocus: true });
      save.reset();
    }
  }, [refusal?.field, refusal?.text, save, form]);

  const test = async () => {
    if (!(await form.trigger(['name', 'address', 'events']))) return;
    trial.mutate({ ...bodyOf(form.getValues(), policy), ...(policy?.id ? { id: policy.id } : {}) });
  };
  const result = trial.data?.[0];
  const outcome: TestOutcome = trial.isPending
    ? { state: 'testing' }
    : result
      ? result.success
        ? { state: 'passed', message: `The endpoint answered ${result.status_code} in ${result.duration_ms} ms.` }
        : { state: 'failed', message: result.status_code ? `The endpoint answered ${result.status_code}: ${result.error ?? ''}` : `The endpoint did not answer: ${result.error ?? ''}` }
      : trial.isError
        ? { state: 'failed', message: labelRefusal(toApiError(trial.error), LABELS).text }
        : { state: 'idle' };
  const isSlack = form.watch('type') === 'slack';

  return (
    <FormDialog open={open} onClose={close} title={policy ? `Edit ${policy.name}` : 'New webhook'} formId="webhook-form" submitLabel={policy ? 'Save' : 'Add'} busy={save.isPending}>
      <form id="webhook-form" onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <Field label={LABELS.name!} autoComplete="off" autoFocus error={errors.name?.message} {...form.register('name')} />
        <SelectField label={LABELS.type!} {...form.register('type')}>
          <option value="http">HTTP</option>
          <option value="slack">Slack</option>
        </SelectField>
        <Field
          label={LABELS.address!}
          className="sm:col-span-2"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://hooks.example.com/berth"
          error={errors.address?.message}
          {...form.register('address')}
        />
        <SelectField label={LABELS.payload_format!} disabled={isSlack} hint={isSlack ? 'Slack targets always get Slack messages.' : undefined} {...form.register('payload_format')}>
          <option value="Default">Default (Harbor JSON)</option>
          <option value="CloudEvents">CloudEvents 1.0</option>
        </SelectField>
        <Field
          label={LABELS.auth_header!}
          type="password"
          autoComplete="new-password"
          placeholder={policy?.targets?.[0]?.auth_header === '*****' ? 'Unchanged' : 'Bearer ...'}
          hint={policy ? 'Sent as the Authorization header. Leave empty to keep the saved one.' : 'Sent as the Authorization header.'}
          error={errors.auth_header?.message}
          {...form.register('auth_header')}
        />
        <fieldset className="sm:col-span-2">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {EVENTS.map((type) => (
              <CheckField key={type} label={EVENT_LABELS[type]!} value={type} {...form.register('events')} />
            ))}
          </div>
          {errors.events?.message && <p className="mt-1 text-sm text-danger">{errors.events.message}</p>}
        </fieldset>
        <CheckField label={LABELS.skip_cert_verify!} hint="Untick only for a receiver with a self-signed certificate you trust." {...form.register('verify_cert')} />
        <CheckField label="Enabled" {...form.register('enabled')} />
        <TextAreaField label={LABELS.description!} className="sm:col-span-2" rows={2} error={errors.description?.message} {...form.register('description')} />
        <div className="flex flex-col gap-2 sm:col-span-2">
          <div>
            <Button onClick={() => void test()} busy={trial.isPending}>
              Test
            </Button>
          </div>
          <TestResult label="Webhook test" outcome={outcome} />
        </div>
        <div className="sm:col-span-2">
          <FormError message={refusal?.text} />
        </div>
      </form>
    </FormDialog>
  );
}
