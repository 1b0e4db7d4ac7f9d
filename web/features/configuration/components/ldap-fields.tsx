/** The LDAP settings of the Authentication tab: where the directory is and how to find users in it. */
import type { UseFormReturn } from 'react-hook-form';
import { CheckField, Field, SelectField } from '../../../components/ui/field';
import { z } from '../../../lib/zod';
import { SecretField } from './secret-field';
import { ldapGroupShape } from './ldap-group-fields';
import { oidcShape } from './oidc-fields';
import { SCOPES, text, wholeNumber } from './settings-rules';

export { SCOPES };

const LDAP_URL = /^ldaps?:\/\/[^\s/]+\/?$/i;

export const authenticationSchema = z
  .object({
    auth_mode: z.enum(['db_auth', 'ldap_auth', 'oidc_auth']),
    ldap_url: text(1024).refine((v) => v === '' || LDAP_URL.test(v), 'An address such as ldap://ldap.example.com or ldaps://ldap.example.com:636.'),
    ldap_search_dn: text(1024),
    ldap_search_password: z.string().max(1024, 'At most 1024 characters.'),
    ldap_search_password_clear: z.boolean(),
    ldap_base_dn: text(1024),
    ldap_filter: text(1024),
    ldap_uid: text(255).min(1, 'Enter the attribute that holds usernames, such as uid.'),
    ldap_scope: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    ldap_timeout: wholeNumber(1, 300, 'seconds'),
    ldap_verify_cert: z.boolean(),
    ldap_starttls: z.boolean(),
    ...ldapGroupShape,
    ...oidcShape,
  })
  .superRefine((v, ctx) => {
    if (v.auth_mode === 'oidc_auth') {
      if (!v.oidc_endpoint) ctx.addIssue({ code: 'custom', path: ['oidc_endpoint'], message: 'OpenID Connect sign-in needs the OIDC endpoint.' });
      if (!v.oidc_client_id) ctx.addIssue({ code: 'custom', path: ['oidc_client_id'], message: 'OpenID Connect sign-in needs the OIDC client ID.' });
    }
    if (v.auth_mode !== 'ldap_auth') return;
    if (!v.ldap_url) ctx.addIssue({ code: 'custom', path: ['ldap_url'], message: 'LDAP sign-in needs the address of the directory.' });
    if (!v.ldap_base_dn) ctx.addIssue({ code: 'custom', path: ['ldap_base_dn'], message: 'LDAP sign-in needs the base DN to search under.' });
  });
export type AuthenticationValues = z.infer<typeof authenticationSchema>;

export function LdapFields({ form }: { form: UseFormReturn<AuthenticationValues> }) {
  const errors = form.formState.errors;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field
        label="LDAP URL"
        className="md:col-span-2"
        placeholder="ldaps://ldap.example.com:636"
        autoComplete="off"
        hint="ldap:// (port 389, with StartTLS below) or ldaps:// (port 636)."
        error={errors.ldap_url?.message}
        {...form.register('ldap_url')}
      />
      <Field
        label="Search DN"
        placeholder="cn=search,dc=example,dc=com"
        autoComplete="off"
        hint="The account Berth searches the directory with."
        error={errors.ldap_search_dn?.message}
        {...form.register('ldap_search_dn')}
      />
      <SecretField
        label="Search password"
        input={form.register('ldap_search_password')}
        clear={form.register('ldap_search_password_clear')}
        clearing={form.watch('ldap_search_password_clear')}
        error={errors.ldap_search_password?.message}
      />
      <Field label="Base DN" placeholder="ou=people,dc=example,dc=com" autoComplete="off" error={errors.ldap_base_dn?.message} {...form.register('ldap_base_dn')} />
      <Field
        label="Filter"
        placeholder="(objectClass=person)"
        autoComplete="off"
        hint="Only entries that match it can sign in; empty for all."
        error={errors.ldap_filter?.message}
        {...form.register('ldap_filter')}
      />
      <Field label="UID attribute" placeholder="uid" autoComplete="off" hint="The attribute people sign in with: uid, sAMAccountName..." error={errors.ldap_uid?.message} {...form.register('ldap_uid')} />
      <SelectField label="Scope" error={errors.ldap_scope?.message} {...form.register('ldap_scope', { setValueAs: Number })}>
        {Object.entries(SCOPES).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </SelectField>
      <Field label="Timeout (seconds)" type="number" min={1} max={300} error={errors.ldap_timeout?.message} {...form.register('ldap_timeout', { valueAsNumber: true })} />
      <div className="flex flex-col justify-end gap-2 pb-1">
        <CheckField label="Verify the server's certificate" {...form.register('ldap_verify_cert')} />
        <CheckField label="StartTLS" hint="Upgrade an ldap:// connection to TLS." {...form.register('ldap_starttls')} />
      </div>
    </div>
  );
}
