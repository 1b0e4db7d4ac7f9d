/** Renames a user group (Harbor lets only the name change). */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import type { UserGroup } from '../../../lib/api-types';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { useRenameGroup } from '../api/groups';

const schema = z.object({ name: z.string().trim().min(1, 'Enter the group name.').max(255, 'At most 255 characters.') });

export function RenameGroupDialog({ group, onClose }: { group: UserGroup | null; onClose: () => void }) {
  const rename = useRenameGroup();
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });
  useEffect(() => {
    if (group) form.reset({ name: group.group_name });
  }, [group, form]);
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: rename,
    variables: ({ name }) => ({ group: group!, name }),
    done: ({ name }) => `Group renamed to ${name}.`,
    onClose,
  });
  return (
    <FormDialog open={group !== null} onClose={close} title={`Rename ${group?.group_name ?? 'group'}`} formId="rename-group" submitLabel="Save" busy={rename.isPending}>
      <form id="rename-group" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field label="Group name" error={form.formState.errors.name?.message} {...form.register('name')} />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
