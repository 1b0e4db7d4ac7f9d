/** Add a user to the project: find them by name as you type, pick a role. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useDeferredValue } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Combobox } from '../../../components/ui/combobox';
import { FormDialog } from '../../../components/ui/dialog';
import { FormError, SelectField } from '../../../components/ui/field';
import { useMutationForm } from '../../../lib/mutation-form';
import { roleLabel } from '../../../lib/roles';
import { RoleOptions } from './role-options';
import { addMemberSchema, useAddMember, useUserSearch, type AddMemberInput } from '../api/members';

export function AddMemberDialog({ projectId, projectName, open, onOpenChange }: { projectId: number; projectName: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const add = useAddMember(projectId);
  const form = useForm<AddMemberInput>({ resolver: zodResolver(addMemberSchema), defaultValues: { username: '', role_id: 2 } });
  const typed = useDeferredValue(form.watch('username').trim());
  const matches = useUserSearch(typed);

  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: add,
    variables: (input) => input,
    done: (input) => `${input.username} is now ${roleLabel(input.role_id)} of ${projectName}.`,
    onClose: () => onOpenChange(false),
  });

  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Add member"
      description={`Give a user a role in ${projectName}.`}
      formId="add-member"
      submitLabel="Add"
      busy={add.isPending}
    >
      <form id="add-member" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Controller
          control={form.control}
          name="username"
          render={({ field, fieldState }) => (
            <Combobox
              ref={field.ref}
              label="Username"
              autoFocus
              placeholder="Start typing a username"
              value={field.value}
              onValueChange={field.onChange}
              options={(matches.data ?? []).map((u) => ({ id: u.user_id, label: u.username }))}
              onSelect={(option) => form.setValue('username', option.label, { shouldValidate: true })}
              loading={matches.isFetching}
              emptyText={`No user name contains "${typed}".`}
              error={fieldState.error?.message}
            />
          )}
        />
        <SelectField label="Role" error={form.formState.errors.role_id?.message} {...form.register('role_id', { valueAsNumber: true })}>
          <RoleOptions />
        </SelectField>
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
