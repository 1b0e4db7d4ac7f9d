/** User menu > Change password: the current one, then the new one twice, checked as you type. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { PageHeader } from '../../components/ui/misc';
import { Panel } from '../../components/ui/panel';
import { RuleList } from '../../components/ui/rule-list';
import { toApiError } from '../../lib/api-client';
import { useCurrentUser } from '../../lib/auth';
import { passwordRules } from '../../lib/user-rules';
import { changePasswordSchema, useChangePassword, type ChangePasswordInput } from './api/account';

function PasswordForm({ userId }: { userId: number }) {
  const change = useChangePassword(userId);
  const form = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { old_password: '', new_password: '', confirm: '' },
    mode: 'onTouched',
  });
  const errors = form.formState.errors;
  const submit = form.handleSubmit((input) =>
    change.mutate(input, {
      onSuccess: () => {
        toast.success('Password changed. Your other sessions have been signed out.');
        form.reset();
      },
    }),
  );
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate aria-label="Change password">
      <Field label="Current password" type="password" autoComplete="current-password" error={errors.old_password?.message} {...form.register('old_password')} />
      <Field label="New password" type="password" autoComplete="new-password" error={errors.new_password?.message} {...form.register('new_password')} />
      <Field label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
      <RuleList label="Password rules" caption="The password needs:" rules={passwordRules} value={form.watch('new_password')} />
      <FormError message={change.error ? toApiError(change.error).message : undefined} />
      <div>
        <Button variant="primary" type="submit" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export default function PasswordPage() {
  const { data: user } = useCurrentUser();
  return (
    <>
      <PageHeader title="Change password" />
      <Panel title="Choose a new password" className="max-w-lg">
        {user && <PasswordForm userId={user.user_id} />}
      </Panel>
    </>
  );
}
