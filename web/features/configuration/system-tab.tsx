/**
 * Configuration > System: self-registration, token and session lifetimes, who may create
 * projects, how long the audit log is kept, and the system CVE allowlist.
 */
import { CheckField, Field, SelectField } from '../../components/ui/field';
import { Panel } from '../../components/ui/panel';
import { z } from '../../lib/zod';
import type { StoredSettings } from './api/configurations';
import { wholeNumber } from './components/settings-rules';
import { SystemAllowlistForm } from './components/system-allowlist-form';
import { SaveBar, SettingsTab, useSettingsForm } from './components/settings-form';

const schema = z.object({
  self_registration: z.boolean(),
  token_expiration: wholeNumber(1, 10_080, 'minutes'),
  session_timeout: wholeNumber(1, 525_600, 'minutes'),
  project_creation_restriction: z.enum(['everyone', 'adminonly']),
  audit_log_retention_days: wholeNumber(0, 36_500, 'days'),
});
type SystemValues = z.infer<typeof schema>;

const formOf = (s: StoredSettings): SystemValues => ({
  self_registration: s.self_registration,
  token_expiration: s.token_expiration,
  session_timeout: s.session_timeout,
  project_creation_restriction: s.project_creation_restriction,
  audit_log_retention_days: s.audit_log_retention_days,
});

function SystemForm({ settings }: { settings: StoredSettings }) {
  const { form, onSubmit, saving, refusal } = useSettingsForm<SystemValues>({
    schema,
    initial: formOf(settings),
    toSettings: (values) => values,
    saved: 'System settings saved.',
  });
  const errors = form.formState.errors;
  const directory = settings.auth_mode === 'ldap_auth';
  const asNumber = { valueAsNumber: true } as const;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="System settings" className="flex max-w-3xl flex-col gap-4">
      <Panel title="Accounts">
        <div className="flex flex-col gap-4">
          <CheckField
            label="Allow self-registration"
            hint={
              directory
                ? 'Sign-up is never open while people sign in through LDAP, whatever this says.'
                : 'Shows "Sign up" on the sign-in page: anyone who can reach Berth can make an ordinary (non-admin) account.'
            }
            error={errors.self_registration?.message}
            {...form.register('self_registration')}
          />
          <SelectField
            label="Who may create projects"
            className="max-w-xs"
            error={errors.project_creation_restriction?.message}
            {...form.register('project_creation_restriction')}
          >
            <option value="everyone">Everyone signed in</option>
            <option value="adminonly">System admins only</option>
          </SelectField>
        </div>
      </Panel>
      <Panel title="Lifetimes">
        <div className="grid gap-4 md:grid-cols-3">
          <Field
            label="Token expiration (minutes)"
            type="number"
            min={1}
            hint="How long a docker login token lasts."
            error={errors.token_expiration?.message}
            {...form.register('token_expiration', asNumber)}
          />
          <Field
            label="Session timeout (minutes)"
            type="number"
            min={1}
            hint="Idle time before the console asks to sign in again."
            error={errors.session_timeout?.message}
            {...form.register('session_timeout', asNumber)}
          />
          <Field
            label="Keep audit logs (days)"
            type="number"
            min={0}
            hint="0 keeps them forever."
            error={errors.audit_log_retention_days?.message}
            {...form.register('audit_log_retention_days', asNumber)}
          />
        </div>
      </Panel>
      <SaveBar dirty={form.formState.isDirty} saving={saving} refusal={refusal} onDiscard={() => form.reset()} />
    </form>
  );
}

export default function SystemTab() {
  return (
    <>
      <SettingsTab rows={5}>{(config) => <SystemForm settings={config.settings} />}</SettingsTab>
      <SystemAllowlistForm />
    </>
  );
}
