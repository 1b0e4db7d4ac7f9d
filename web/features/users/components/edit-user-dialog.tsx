/** An admin edits a user's e-mail, real name and comment. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import type { User } from '../../../lib/api-types';
import { useMutationForm } from '../../../lib/mutation-form';
import { profileSchema, type ProfileInput } from '../../../lib/user-rules';
import { useUpdateUser } from '../api/users';

export function EditUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const update = useUpdateUser();
  const form = useForm<ProfileInput>({ resolver: zodResolver(profileSchema) });
  const errors = form.formState.errors;
  useEffect(() => {
    if (user) form.reset({ email: user.email, realname: user.realname, comment: user.comment });
  }, [user, form]);
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: update,
    variables: (profile) => ({ user: user!, profile }),
    done: () => `Profile of ${user?.username} saved.`,
    onClose,
  });
  return (
    <FormDialog open={user !== null} onClose={close} title={`Edit ${user?.username ?? 'user'}`} formId="edit-user" submitLabel="Save" busy={update.isPending}>
      <form id="edit-user" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field label="E-mail" type="email" error={errors.email?.message} {...form.register('email')} />
        <Field label="Real name" error={errors.realname?.message} {...form.register('realname')} />
        <Field label="Comment" error={errors.comment?.message} {...form.register('comment')} />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
