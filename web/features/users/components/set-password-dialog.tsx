/**
 * An admin sets another user's password (their sessions end). Checked on submit, not on blur: the
 * dialog opens from a menu whose closing moves focus, which must not show an error at once.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import { RuleList } from '../../../components/ui/rule-list';
import type { User } from '../../../lib/api-types';
import { useMutationForm } from '../../../lib/mutation-form';
import { passwordPairSchema, passwordRules } from '../../../lib/user-rules';
import { useSetPassword } from '../api/users';

type PasswordPair = { new_password: string; confirm: string };

export function SetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const setPassword = useSetPassword();
  const form = useForm<PasswordPair>({ resolver: zodResolver(passwordPairSchema), defaultValues: { new_password: '', confirm: '' }, mode: 'onSubmit', reValidateMode: 'onChange' });
  const errors = form.formState.errors;
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: setPassword,
    variables: (input) => ({ user: user!, password: input.new_password }),
    done: () => `Password of ${user?.username} changed; their sessions have ended.`,
    onClose,
  });
  return (
    <FormDialog
      open={user !== null}
      onClose={close}
      title={`Set password of ${user?.username ?? 'user'}`}
      description="They will have to sign in again with the new password."
      formId="set-password"
      submitLabel="Set password"
      busy={setPassword.isPending}
    >
      <form id="set-password" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field label="New password" type="password" autoComplete="new-password" autoFocus error={errors.new_password?.message} {...form.register('new_password')} />
        <Field label="Confirm password" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
        <RuleList label="Password rules" caption="The password needs:" rules={passwordRules} value={form.watch('new_password')} />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
