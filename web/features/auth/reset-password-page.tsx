/**
 * The mailed link, /reset-password?token=...: a new password typed twice, Harbor's rule ticked
 * as it is typed. A link that was used, expired or replaced says so as soon as it is opened (the
 * server is asked first), with the server's sentence and a way to ask for a new one.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useNavigate, useSearchParams } from 'react-router';
import { Outcome, PublicLink, PublicPage } from '../../components/layout/public-page';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { RuleList } from '../../components/ui/rule-list';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { fieldMessage, isInputRefusal } from '../../lib/field-message';
import { passwordPairSchema, passwordRules } from '../../lib/user-rules';
import type { z } from '../../lib/zod';
import { useResetLinkCheck, useResetPassword } from './api/accounts';

type Input = z.infer<typeof passwordPairSchema>;

function DeadLink({ message }: { message: string }) {
  return (
    <div className="flex flex-col gap-3">
      <Outcome tone="danger">{message}</Outcome>
      <PublicLink to={paths.forgotPassword}>Ask for a new link</PublicLink>
    </div>
  );
}

export default function ResetPasswordPage() {
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const navigate = useNavigate();
  const reset = useResetPassword();
  const check = useResetLinkCheck(token);
  const deadOnOpen = check.error ? fieldMessage(toApiError(check.error)) : undefined;
  const form = useForm<Input>({ resolver: zodResolver(passwordPairSchema), defaultValues: { new_password: '', confirm: '' }, mode: 'onTouched' });
  const errors = form.formState.errors;
  const apiError = reset.error ? toApiError(reset.error) : undefined;
  const refusal = apiError ? fieldMessage(apiError) : undefined;
  // A 400 or 422 not about the link is about the password; anything else (429, offline) goes under the form.
  const passwordRefusal = apiError && isInputRefusal(apiError) ? refusal?.text : undefined;
  const submit = form.handleSubmit((input) => reset.mutate({ token, password: input.new_password }));
  const footer = <PublicLink to={paths.signIn()}>Back to sign in</PublicLink>;

  if (reset.isSuccess) {
    return (
      <PublicPage title="Password changed">
        <div className="flex flex-col gap-3">
          <Outcome tone="success">Your new password is set, and every session of your account has been signed out.</Outcome>
          <Button variant="primary" onClick={() => void navigate(paths.signIn())}>
            Sign in
          </Button>
        </div>
      </PublicPage>
    );
  }
  if (!token) {
    return (
      <PublicPage title="Choose a new password" footer={footer}>
        <DeadLink message="This address has no reset token: open the link from the e-mail exactly as it came." />
      </PublicPage>
    );
  }
  const dead = refusal?.field === 'token' ? refusal : deadOnOpen;
  if (dead) {
    return (
      <PublicPage title="Choose a new password" footer={footer}>
        <DeadLink message={dead.text} />
      </PublicPage>
    );
  }
  if (check.isPending) {
    return (
      <PublicPage title="Choose a new password" footer={footer}>
        <p className="text-sm text-muted" role="status">
          Checking the link…
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title="Choose a new password" footer={footer}>
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate aria-label="Choose a new password">
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          autoFocus
          error={errors.new_password?.message ?? passwordRefusal}
          {...form.register('new_password')}
        />
        <Field label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
        <RuleList label="Password rules" caption="The password needs:" rules={passwordRules} value={form.watch('new_password')} />
        <FormError message={apiError && !isInputRefusal(apiError) ? apiError.message : undefined} />
        <Button variant="primary" type="submit" busy={reset.isPending}>
          Set the password
        </Button>
      </form>
    </PublicPage>
  );
}
