/** Add a user group to the project: find it by name as you type, pick a role; its members get the role. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { zodResolver } from '@hookform/resolvers/zod';
import { useDeferredValue } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Combobox } from '../../../components/ui/combobox';
import { FormDialog } from '../../../components/ui/dialog';
import { FormError, SelectField } from '../../../components/ui/field';
import { api } from '../../../lib/api-client';
import { useMutationForm } from '../../../lib/mutation-form';
import { groupKeys } from '../../../lib/query-keys';
import { roleLabel } from '../../../lib/roles';
import { RoleOptions } from './role-options';
import { z } from '../../../lib/zod';
import { useAddGroupMember } from '../api/members';

interface GroupMatch {
  id: number;
  group_name: string;
  group_type: number;
}

const schema = z.object({
  group_name: z.string().trim().min(1, 'Type a group name and pick the group from the list.'),
  group_id: z.number({ error: 'Pick the group from the list.' }).int().positive('Pick the group from the list.'),
  role_id: z.number(),
});
type Input = z.infer<typeof schema>;


export function AddGroupDialog({ projectId, projectName, open, onOpenChange }: { projectId: number; projectName: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const add = useAddGroupMember(projectId);
  const form = useForm<Input>({ resolver: zodResolver(schema), defaultValues: { group_name: '', group_id: 0, role_id: 2 } });
  const typed = useDeferredValue(form.watch('group_name').trim());
  const matches = useQuery({
    queryKey: [...groupKeys.all, 'search', typed],
    queryFn: async () => (await api.get<GroupMatch[]>('/usergroups/search', { params: { groupname: typed, page_size: 10 } })).data,
    enabled: typed.length > 0,
    placeholderData: keepPreviousData,
  });
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: add,
    variables: (input) => ({ groupId: input.group_id, roleId: input.role_id }),
    done: (input) => `Group ${input.group_name} is now ${roleLabel(input.role_id)} of ${projectName}.`,
    onClose: () => onOpenChange(false),
  });
  return (
    <FormDialog open={open} onClose={close} title="Add group" description={`Give a user group a role in ${projectName}.`} formId="add-group" submitLabel="Add" busy={add.isPending}>
      <form id="add-group" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Controller
          control={form.control}
          name="group_name"
          render={({ field, fieldState }) => (
            <Combobox
              ref={field.ref}
              label="Group"
              autoFocus
              placeholder="Start typing a group name"
              value={field.value}
              onValueChange={(value) => {
                field.onChange(value);
                form.setValue('group_id', 0);
              }}
              options={(matches.data ?? []).map((g) => ({ id: g.id, label: g.group_name }))}
              onSelect={(option) => {
                form.setValue('group_name', option.label, { shouldValidate: true });
                form.setValue('group_id', Number(option.id), { shouldValidate: true });
              }}
              loading={matches.isFetching}
              emptyText={`No group name contains "${typed}". Groups are added under Administration > Groups.`}
              error={fieldState.error?.message ?? form.formState.errors.group_id?.message}
            />
          )}
        />
        <SelectField label="Role" {...form.register('role_id', { valueAsNumber: true })}>
          <RoleOptions />
        </SelectField>
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
