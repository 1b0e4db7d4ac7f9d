/** The LDAP group settings of the Authentication tab: where groups are and which one makes admins. */
import type { UseFormReturn } from 'react-hook-form';
import { Field, SelectField } from '../../../components/ui/field';
import { z } from '../../../lib/zod';
import type { AuthenticationValues } from './ldap-fields';
import { SCOPES, text } from './settings-rules';

export const ldapGroupShape = {
  ldap_group_base_dn: text(1024),
  ldap_group_search_filter: text(1024),
  ldap_group_attribute_name: text(255),
  ldap_group_admin_dn: text(1024),
  ldap_group_membership_attribute: text(255),
  ldap_group_search_scope: z.union([z.literal(0), z.literal(1), z.literal(2)]),
};

export function LdapGroupFields({ form }: { form: UseFormReturn<AuthenticationValues> }) {
  const errors = form.formState.errors;
  return (
    <fieldset className="grid gap-4 border-t border-border pt-4 md:grid-cols-2">
      <legend className="pt-2 text-sm font-semibold">LDAP groups</legend>
      <Field label="LDAP group base DN" placeholder="ou=groups,dc=example,dc=com" autoComplete="off" error={errors.ldap_group_base_dn?.message} {...form.register('ldap_group_base_dn')} />
      <Field label="LDAP group filter" placeholder="(objectClass=groupOfNames)" autoComplete="off" error={errors.ldap_group_search_filter?.message} {...form.register('ldap_group_search_filter')} />
      <Field label="LDAP group GID" placeholder="cn" autoComplete="off" hint="The attribute that names a group." error={errors.ldap_group_attribute_name?.message} {...form.register('ldap_group_attribute_name')} />
      <Field label="LDAP group admin DN" autoComplete="off" hint="Members of this group are system admins." error={errors.ldap_group_admin_dn?.message} {...form.register('ldap_group_admin_dn')} />
      <Field
        label="LDAP group membership"
        placeholder="memberof"
        autoComplete="off"
        hint="The user attribute that lists their groups."
        error={errors.ldap_group_membership_attribute?.message}
        {...form.register('ldap_group_membership_attribute')}
      />
      <SelectField label="LDAP group scope" error={errors.ldap_group_search_scope?.message} {...form.register('ldap_group_search_scope', { setValueAs: Number })}>
        {Object.entries(SCOPES).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}
