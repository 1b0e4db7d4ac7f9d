/**
 * Configuration > Authentication: database, LDAP or OpenID Connect sign-in; the LDAP settings
 * and its group settings (shown in LDAP mode, or on demand to prepare a directory before
 * switching), "Test LDAP server" with the unsaved values, importing directory users with the
 * saved ones; the OpenID Connect settings with "Test OIDC server".
 */
import { ChevronDown, ChevronRight, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { SelectField } from '../../components/ui/field';
import { Panel } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import type { LdapConf } from '../../lib/api-types';
import { usePingLdap, usePingOidc, type Configurations, type StoredSettings } from './api/configurations';
import { placeRefusal } from './components/place-refusal';
import { ImportUsersDialog } from './components/import-users-dialog';
import { authenticationSchema, LdapFields, type AuthenticationValues } from './components/ldap-fields';
import { LdapGroupFields } from './components/ldap-group-fields';
import { OidcFields } from './components/oidc-fields';
import { secretChange } from './components/secret-field';
import { SaveBar, SettingsTab, useSettingsForm } from './components/settings-form';
import { TestResult, type TestOutcome } from '../../components/ui/test-result';

/** The server's rule (server/core/settings/configurations.service.ts); GET says only that the mode is locked. */
const MODE_LOCKED = 'The authentication mode cannot change once users other than admin exist: their accounts belong to the current mode.';

const MODES = {
  db_auth: 'Database: Berth keeps the accounts',
  ldap_auth: 'LDAP: people sign in with their directory account',
  oidc_auth: 'OpenID Connect: people sign in at an identity provider',
} as const;

const formOf = (s: StoredSettings): AuthenticationValues => ({
  auth_mode: s.auth_mode,
  ldap_url: s.ldap_url,
  ldap_search_dn: s.ldap_search_dn,
  ldap_search_password: '',
  ldap_search_password_clear: false,
  ldap_base_dn: s.ldap_base_dn,
  ldap_filter: s.ldap_filter,
  ldap_uid: s.ldap_uid,
  ldap_scope: s.ldap_scope,
  ldap_timeout: s.ldap_timeout,
  ldap_verify_cert: s.ldap_verify_cert,
  ldap_starttls: s.ldap_starttls,
  ldap_group_base_dn: s.ldap_group_base_dn,
  ldap_group_search_filter: s.ldap_group_search_filter,
  ldap_group_attribute_name: s.ldap_group_attribute_name,
  ldap_group_admin_dn: s.ldap_group_admin_dn,
  ldap_group_membership_attribute: s.ldap_group_membership_attribute,
  ldap_group_search_scope: s.ldap_group_search_scope,
  oidc_name: s.oidc_name,
  oidc_endpoint: s.oidc_endpoint,
  oidc_client_id: s.oidc_client_id,
  oidc_client_secret: '',
  oidc_client_secret_clear: false,
  oidc_scope: s.oidc_scope,
  oidc_user_claim: s.oidc_user_claim,
  oidc_groups_claim: s.oidc_groups_claim,
  oidc_admin_group: s.oidc_admin_group,
  oidc_group_filter: s.oidc_group_filter,
  oidc_extra_redirect_parms: s.oidc_extra_redirect_parms,
  oidc_verify_cert: s.oidc_verify_cert,
  oidc_auto_onboard: s.oidc_auto_onboard,
});

/** The LDAP connection settings, what "Test LDAP server" tries. */
function ldapOf(v: AuthenticationValues): LdapConf {
  const password = secretChange(v.ldap_search_password, v.ldap_search_password_clear);
  const { ldap_url, ldap_search_dn, ldap_base_dn, ldap_filter, ldap_uid, ldap_scope, ldap_timeout, ldap_verify_cert, ldap_starttls } = v;
  return { ldap_url, ldap_search_dn, ldap_base_dn, ldap_filter, ldap_uid, ldap_scope, ldap_timeout, ldap_verify_cert, ldap_starttls, ...(password !== undefined ? { ldap_search_password: password } : {}) };
}

/** Every setting of the tab, secrets only when typed or cleared on purpose. */
function settingsOf(v: AuthenticationValues): Record<string, unknown> {
  const { ldap_search_password: _p, ldap_search_password_clear: _pc, oidc_client_secret, oidc_client_secret_clear, ...rest } = v;
  const secret = secretChange(oidc_client_secret, oidc_client_secret_clear);
  return { ...rest, ...ldapOf(v), ...(secret !== undefined ? { oidc_client_secret: secret } : {}) };
}

function outcomeOf(ping: ReturnType<typeof usePingLdap>): TestOutcome {
  if (ping.isPending) return { state: 'testing' };
  if (ping.data) return { state: ping.data.success ? 'passed' : 'failed', message: ping.data.message };
  if (ping.error) return { state: 'failed', message: toApiError(ping.error).message };
  return { state: 'idle' };
}

function oidcOutcome(ping: ReturnType<typeof usePingOidc>): TestOutcome {
  if (ping.isPending) return { state: 'testing' };
  if (ping.isSuccess) return { state: 'passed', message: 'The provider answered with its OpenID configuration.' };
  if (ping.error) return { state: 'failed', message: toApiError(ping.error).message };
  return { state: 'idle' };
}

function AuthenticationForm({ config }: { config: Configurations }) {
  const { settings, editable } = config;
  const ping = usePingLdap();
  const [showLdap, setShowLdap] = useState(settings.auth_mode === 'ldap_auth' || settings.ldap_url !== '');
  const [importing, setImporting] = useState(false);
  const { form, onSubmit, saving, refusal } = useSettingsForm<AuthenticationValues>({
    schema: authenticationSchema,
    initial: formOf(settings),
    toSettings: settingsOf,
    afterSave: (values) => ({ ...values, ldap_search_password: '', ldap_search_password_clear: false, oidc_client_secret: '', oidc_client_secret_clear: false }),
    saved: 'Authentication settings saved.',
  });
  const modeEditable = editable.auth_mode !== false;
  const ldapMode = form.watch('auth_mode') === 'ldap_auth';
  const oidcMode = form.watch('auth_mode') === 'oidc_auth';
  const pingOidc = usePingOidc();
  // Only the endpoint matters to the test: the rest of the form may still be half filled.
  const testOidc = async () => {
    if (await form.trigger('oidc_endpoint')) pingOidc.mutate({ url: form.getValues('oidc_endpoint'), verify_cert: form.getValues('oidc_verify_cert') });
  };
  const ldapDirty = Object.keys(form.formState.dirtyFields).some((key) => key.startsWith('ldap_'));
  const savedUrl = form.formState.defaultValues?.ldap_url ?? '';
  const importBlocked = !savedUrl ? 'Save an LDAP URL first.' : ldapDirty ? 'Save the LDAP settings first: the import searches with the saved ones.' : undefined;
  const test = form.handleSubmit((values) => ping.mutate(ldapOf(values), { onError: (err) => placeRefusal(form, values, err) }));
  const modeSelect = modeEditable ? form.register('auth_mode') : { value: settings.auth_mode, disabled: true, onChange: () => undefined };

  // The dialog stays outside the form: React bubbles its search form's submit through the portal.
  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Authentication settings" className="flex max-w-3xl flex-col gap-4">
        <Panel title="Sign-in">
          <SelectField
            label="Authentication mode"
            className="max-w-md"
            hint={modeEditable ? 'The local admin always signs in with its Berth password, whatever the mode.' : MODE_LOCKED}
            error={form.formState.errors.auth_mode?.message}
            {...modeSelect}
          >
            {Object.entries(MODES).map(([mode, words]) => (
              <option key={mode} value={mode}>
                {words}
              </option>
            ))}
          </SelectField>
        </Panel>
        <Panel
          title="LDAP directory"
          actions={
            !ldapMode && (
              <Button size="sm" variant="ghost" aria-expanded={showLdap} onClick={() => setShowLdap(!showLdap)}>
                {showLdap ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
                {showLdap ? 'Hide LDAP settings' : 'Edit LDAP settings'}
              </Button>
            )
          }
        >
          {ldapMode || showLdap ? (
            <div className="flex flex-col gap-4">
              <LdapFields form={form} />
              <LdapGroupFields form={form} />
              <div className="flex flex-wrap items-center gap-2 border-t border-border pt-4">
                <Button onClick={() => void test()} busy={ping.isPending}>
                  Test LDAP server
                </Button>
                <Button onClick={() => setImporting(true)} disabled={importBlocked !== undefined}>
                  <UserPlus size={14} aria-hidden /> Import users
                </Button>
                {importBlocked && <span className="text-xs text-muted">{importBlocked}</span>}
              </div>
              <TestResult label="LDAP test" outcome={outcomeOf(ping)} />
            </div>
          ) : (
            <p className="text-sm text-muted">
              {oidcMode ? 'People sign in through OpenID Connect.' : "People sign in with Berth's own accounts."} To prepare a directory before
              switching (test it, import its users), edit the LDAP settings.
            </p>
          )}
        </Panel>
        {oidcMode && (
          <Panel title="OpenID Connect provider">
            <div className="flex flex-col gap-4">
              <OidcFields form={form} />
              <div className="flex flex-wrap items-center gap-2 border-t border-border pt-4">
                <Button onClick={() => void testOidc()} busy={pingOidc.isPending}>
                  Test OIDC server
                </Button>
              </div>
              <TestResult label="OIDC test" outcome={oidcOutcome(pingOidc)} />
            </div>
          </Panel>
        )}
        <SaveBar dirty={form.formState.isDirty} saving={saving} refusal={refusal} onDiscard={() => form.reset()} />
      </form>
      <ImportUsersDialog open={importing} onOpenChange={setImporting} />
    </>
  );
}

export default function AuthenticationTab() {
  return <SettingsTab rows={4}>{(config) => <AuthenticationForm config={config} />}</SettingsTab>;
}
