/** New local user: checked as you type against the server's rules, refused with the server's reason. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import { RuleList } from '../../../components/ui/rule-list';
import { useMutationForm } from '../../../lib/mutation-form';
import { passwordRules } from '../../../lib/user-rules';
import { createUserSchema, useCreateUser, type CreateUserInput } from '../api/users';

const EMPTY: CreateUserInput = { username: '', email: '', realname: '', comment: '', new_password: '', confirm: '' };

export function CreateUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateUser();
  const form = useForm<CreateUserInput>({ resolver: zodResolver(createUserSchema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: create,
    variables: (input) => input,
    done: (input) => `User ${input.username} created.`,
    onClose: () => onOpenChange(false),
  });
  return (
    <FormDialog open={open} onClose={close} title="New user" formId="create-user" submitLabel="Create" busy={create.isPending}>
      <form id="create-user" onSubmit={onSubmit} className="grid grid-cols-2 gap-3" noValidate>
        <Field label="Username" autoFocus autoComplete="off" error={errors.username?.message} {...form.register('username')} />
        <Field label="E-mail" type="email" autoComplete="off" error={errors.email?.message} {...form.register('email')} />
        <Field label="Real name" autoComplete="off" error={errors.realname?.message} {...form.register('realname')} />
        <Field label="Comment" autoComplete="off" error={errors.comment?.message} {...form.register('comment')} />
        <Field label="Password" type="password" autoComplete="new-password" error={errors.new_password?.message} {...form.register('new_password')} />
        <Field label="Confirm password" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
        <div className="col-span-2">
          <RuleList label="Password rules" caption="The password needs:" rules={passwordRules} value={form.watch('new_password')} />
        </div>
        <div className="col-span-2">
          <FormError message={serverError} />
        </div>
      </form>
    </FormDialog>
  );
}
