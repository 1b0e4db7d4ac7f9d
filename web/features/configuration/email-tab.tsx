/**
 * Configuration > Email: the SMTP server Berth sends password reset links through. The TLS mode
 * is one choice (none, STARTTLS, implicit TLS) for the server's email_ssl and email_starttls.
 * "Test connection" tries the unsaved values and shows the SMTP server's own answer on failure.
 */
import { Button } from '../../components/ui/button';
import { CheckField, Field, SelectField } from '../../components/ui/field';
import { Panel } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import type { EmailSettings } from '../../lib/api-types';
import { z } from '../../lib/zod';
import { usePingEmail, type StoredSettings } from './api/configurations';
import { placeRefusal } from './components/place-refusal';
import { SecretField, secretChange } from './components/secret-field';
import { text } from './components/settings-rules';
import { SaveBar, SettingsTab, useSettingsForm } from './components/settings-form';
import { TestResult, type TestOutcome } from '../../components/ui/test-result';

// Harbor's rule is the default: upgrade with STARTTLS when the server offers it, else plain text.
const TLS_MODES = { auto: 'STARTTLS when offered', starttls: 'STARTTLS required', tls: 'Implicit TLS' } as const;
type TlsMode = keyof typeof TLS_MODES;

const schema = z.object({
  email_host: text(255),
  email_port: z.number({ error: 'Enter a port number.' }).int('A port is a whole number.').min(1, 'From 1 to 65535.').max(65535, 'From 1 to 65535.'),
  email_username: text(255),
  email_password: z.string().max(1024, 'At most 1024 characters.'),
  email_password_clear: z.boolean(),
  email_from: text(255),
  email_identity: text(255),
  email_tls: z.enum(['auto', 'starttls', 'tls']),
  email_insecure: z.boolean(),
});
type EmailValues = z.infer<typeof schema>;

function formOf(s: StoredSettings): EmailValues {
  return {
    email_host: s.email_host,
    email_port: s.email_port,
    email_username: s.email_username,
    email_password: '',
    email_password_clear: false,
    email_from: s.email_from,
    email_identity: s.email_identity,
    email_tls: s.email_ssl ? 'tls' : s.email_starttls ? 'starttls' : 'auto',
    email_insecure: s.email_insecure,
  };
}

function settingsOf({ email_password, email_password_clear, email_tls, ...rest }: EmailValues): EmailSettings {
  const password = secretChange(email_password, email_password_clear);
  return { ...rest, email_ssl: email_tls === 'tls', email_starttls: email_tls === 'starttls', ...(password !== undefined ? { email_password: password } : {}) };
}

function outcomeOf(ping: ReturnType<typeof usePingEmail>): TestOutcome {
  if (ping.isPending) return { state: 'testing' };
  if (ping.isSuccess) return { state: 'passed', message: 'The SMTP server accepted the connection and the sign-in.' };
  if (ping.isError) return { state: 'failed', message: toApiError(ping.error).message };
  return { state: 'idle' };
}

function EmailForm({ settings }: { settings: StoredSettings }) {
  const ping = usePingEmail();
  const { form, onSubmit, saving, refusal } = useSettingsForm<EmailValues>({
    schema,
    initial: formOf(settings),
    toSettings: settingsOf,
    fieldOf: (key) => (key === 'email_ssl' || key === 'email_starttls' ? 'email_tls' : undefined),
    afterSave: (values) => ({ ...values, email_password: '', email_password_clear: false }),
    saved: 'Email settings saved.',
  });
  const errors = form.formState.errors;
  const test = form.handleSubmit((values) => ping.mutate(settingsOf(values), { onError: (err) => placeRefusal(form, values, err) }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Email settings" className="flex max-w-3xl flex-col gap-4">
      <Panel title="SMTP server">
        <p className="mb-3 text-sm text-muted">Berth mails password reset links through this server. Leave the host empty to send no mail.</p>
        <div className="grid gap-4 md:grid-cols-[1fr_8rem]">
          <Field label="Host" placeholder="smtp.example.com" autoComplete="off" error={errors.email_host?.message} {...form.register('email_host')} />
          <Field label="Port" type="number" min={1} max={65535} error={errors.email_port?.message} {...form.register('email_port', { valueAsNumber: true })} />
        </div>
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <SelectField
            label="TLS"
            hint="STARTTLS upgrades a plain connection (port 587 or 25) when the server offers it, or always when required; implicit TLS is encrypted from the start (port 465)."
            error={errors.email_tls?.message}
            {...form.register('email_tls')}
          >
            {(Object.keys(TLS_MODES) as TlsMode[]).map((mode) => (
              <option key={mode} value={mode}>
                {TLS_MODES[mode]}
              </option>
            ))}
          </SelectField>
          <div className="flex items-end pb-1.5">
            <CheckField
              label="Skip certificate verification"
              hint="Only for a server with a self-signed certificate you trust."
              {...form.register('email_insecure')}
            />
          </div>
        </div>
      </Panel>
      <Panel title="Sign-in and sender">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Username" autoComplete="off" hint="Empty when the server needs no sign-in." error={errors.email_username?.message} {...form.register('email_username')} />
          <SecretField
            label="Password"
            input={form.register('email_password')}
            clear={form.register('email_password_clear')}
            clearing={form.watch('email_password_clear')}
            error={errors.email_password?.message}
          />
          <Field label="From" placeholder="Berth <berth@example.com>" error={errors.email_from?.message} {...form.register('email_from')} />
          <Field label="Identity" hint="For PLAIN sign-in on behalf of another user; usually empty." error={errors.email_identity?.message} {...form.register('email_identity')} />
        </div>
      </Panel>
      <SaveBar dirty={form.formState.isDirty} saving={saving} refusal={refusal} onDiscard={() => form.reset()}>
        <Button onClick={() => void test()} busy={ping.isPending}>
          Test connection
        </Button>
      </SaveBar>
      <TestResult label="Connection test" outcome={outcomeOf(ping)} />
    </form>
  );
}

export default function EmailTab() {
  return <SettingsTab rows={8}>{(config) => <EmailForm settings={config.settings} />}</SettingsTab>;
}
