/**
 * A new user group: an OIDC or HTTP group by the name the provider sends, or an LDAP group by
 * its DN (found with "Search LDAP groups" by name, with the saved LDAP group settings).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError, SelectField } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { GROUP_TYPES, useCreateGroup, useLdapGroupSearch } from '../api/groups';

const schema = z
  .object({
    group_type: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    group_name: z.string().trim().max(255, 'At most 255 characters.'),
    ldap_group_dn: z.string().trim().max(512, 'At most 512 characters.'),
  })
  .superRefine((v, ctx) => {
    if (v.group_type === 1 && !v.ldap_group_dn) ctx.addIssue({ code: 'custom', path: ['ldap_group_dn'], message: 'Enter the DN of the LDAP group.' });
    if (v.group_type !== 1 && !v.group_name) ctx.addIssue({ code: 'custom', path: ['group_name'], message: 'Enter the group name as the provider sends it.' });
  });
type Input = z.infer<typeof schema>;

export function NewGroupDialog({ open, onOpenChange, defaultType }: { open: boolean; onOpenChange: (open: boolean) => void; defaultType: 1 | 3 }) {
  const create = useCreateGroup();
  const form = useForm<Input>({ resolver: zodResolver(schema), values: { group_type: defaultType, group_name: '', ldap_group_dn: '' } });
  const errors = form.formState.errors;
  const type = form.watch('group_type');
  const [search, setSearch] = useState<string | null>(null);
  const found = useLdapGroupSearch(search);
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: create,
    variables: (v) => (v.group_type === 1 ? { group_type: 1, ldap_group_dn: v.ldap_group_dn, ...(v.group_name ? { group_name: v.group_name } : {}) } : { group_type: v.group_type, group_name: v.group_name }),
    done: (v) => `Group ${v.group_name || v.ldap_group_dn} added.`,
    onClose: () => {
      setSearch(null);
      onOpenChange(false);
    },
  });
  return (
    <FormDialog open={open} onClose={close} title="New group" formId="new-group" submitLabel="Add group" busy={create.isPending}>
      <form id="new-group" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <SelectField label="Group type" {...form.register('group_type', { setValueAs: Number })}>
          {Object.entries(GROUP_TYPES).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </SelectField>
        {type === 1 ? (
          <>
            <Field label="LDAP group DN" placeholder="cn=developers,ou=groups,dc=example,dc=com" error={errors.ldap_group_dn?.message} {...form.register('ldap_group_dn')} />
            <div className="flex items-end gap-2">
              <Field label="Search LDAP groups by name" className="flex-1" placeholder="dev*" {...form.register('group_name')} />
              <Button onClick={() => setSearch(form.getValues('group_name') || '*')} busy={found.isFetching}>
                Search
              </Button>
            </div>
            {found.error && <FormError message={toApiError(found.error).message} />}
            {found.data && (
              <ul aria-label="LDAP groups found" className="max-h-40 overflow-y-auto rounded border border-border text-sm">
                {found.data.length === 0 && <li className="p-2 text-muted">No LDAP group has that name.</li>}
                {found.data.map((g) => (
                  <li key={g.ldap_group_dn}>
                    <button
                      type="button"
                      className="w-full truncate px-2 py-1 text-left hover:bg-surface-2"
                      onClick={() => {
                        form.setValue('ldap_group_dn', g.ldap_group_dn, { shouldValidate: true });
                        form.setValue('group_name', g.group_name);
                      }}
                    >
                      {g.group_name} <span className="text-muted">{g.ldap_group_dn}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <Field label="Group name" hint="Exactly as the provider's groups claim names it." error={errors.group_name?.message} {...form.register('group_name')} />
        )}
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
