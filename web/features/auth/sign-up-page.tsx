/**
 * Self-registration, while the server says it is open: username and e-mail checked against
 * existing accounts after a pause in typing, the password rule ticked as it is typed. The new
 * account is signed in at once and lands on the projects.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Outcome, PublicLink, PublicPage } from '../../components/layout/public-page';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { RuleList } from '../../components/ui/rule-list';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useSystemInfo } from '../../lib/system-info';
import { passwordRules, usernameSchema } from '../../lib/user-rules';
import { requiredEmailSchema, signUpSchema, useSignUp, useTaken, type SignUpInput } from './api/accounts';

const EMPTY: SignUpInput = { username: '', email: '', realname: '', comment: '', new_password: '', confirm: '' };

/** The hint under a checked field: always one line, so nothing moves when the answer comes. */
function availability(check: { taken: boolean | undefined; checking: boolean }, idle: string, free: string) {
  if (check.checking) return 'Checking...';
  return check.taken === false ? free : idle;
}

function SignUpForm() {
  const navigate = useNavigate();
  const signUp = useSignUp();
  const form = useForm<SignUpInput>({ resolver: zodResolver(signUpSchema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;
  const [username, email] = form.watch(['username', 'email']);
  const user = useTaken('username', username, usernameSchema.safeParse(username).success);
  const mail = useTaken('email', email, requiredEmailSchema.safeParse(email).success);
  const usernameTaken = user.taken ? 'This username is already taken.' : undefined;
  const emailTaken = mail.taken ? 'An account already uses this e-mail address.' : undefined;

  const submit = form.handleSubmit((input) => {
    if (user.taken) return form.setFocus('username');
    if (mail.taken) return form.setFocus('email');
    signUp.mutate(input, {
      onSuccess: () => {
        toast.success(`Welcome to Berth, ${input.username}: your account is ready.`);
        void navigate(paths.projects, { replace: true });
      },
    });
  });

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate aria-label="Sign up">
      <Field
        label="Username"
        autoComplete="username"
        autoFocus
        hint={availability(user, 'Not any of , " ~ # % $', 'This username is free.')}
        error={errors.username?.message ?? usernameTaken}
        {...form.register('username')}
      />
      <Field
        label="E-mail"
        type="email"
        autoComplete="email"
        hint={availability(mail, 'Password reset links go here.', 'No account uses this address yet.')}
        error={errors.email?.message ?? emailTaken}
        {...form.register('email')}
      />
      <Field label="Real name" autoComplete="name" error={errors.realname?.message} {...form.register('realname')} />
      <Field label="Password" type="password" autoComplete="new-password" error={errors.new_password?.message} {...form.register('new_password')} />
      <Field label="Confirm password" type="password" autoComplete="new-password" error={errors.confirm?.message} {...form.register('confirm')} />
      <RuleList label="Password rules" caption="The password needs:" rules={passwordRules} value={form.watch('new_password')} />
      <Field label="Comment (optional)" hint="At most 30 characters." error={errors.comment?.message} {...form.register('comment')} />
      <FormError message={signUp.error ? toApiError(signUp.error).message : undefined} />
      <Button variant="primary" type="submit" busy={signUp.isPending}>
        Create my account
      </Button>
    </form>
  );
}

export default function SignUpPage() {
  const info = useSystemInfo();
  const footer = (
    <span className="text-muted">
      Have an account? <PublicLink to={paths.signIn()}>Sign in</PublicLink>
    </span>
  );
  if (info.isPending) {
    return (
      <PublicPage title="Create an account" width="md" footer={footer}>
        <div className="h-96 animate-pulse rounded bg-surface-2" aria-busy="true" aria-label="Loading" />
      </PublicPage>
    );
  }
  if (!info.data?.self_registration) {
    return (
      <PublicPage title="Create an account" footer={footer}>
        <Outcome>
          {info.error
            ? toApiError(info.error).message
            : 'Sign-up is closed on this Berth: ask an administrator for an account.'}
        </Outcome>
      </PublicPage>
    );
  }
  return (
    <PublicPage title="Create an account" width="md" footer={footer}>
      <SignUpForm />
    </PublicPage>
  );
}
