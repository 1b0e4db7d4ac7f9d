/**
 * Sign in with a username or e-mail; afterwards, back to the page that asked. "Forgot password?"
 * only when the server can mail a reset link, "Sign up" only while self-registration is open.
 */
import { useForm } from 'react-hook-form';
import { Navigate, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { PublicLink, PublicPage } from '../../components/layout/public-page';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useCurrentUser, useSignIn } from '../../lib/auth';
import { useSystemInfo } from '../../lib/system-info';

// Two required fields: react-hook-form's own rules, so the first page a visitor sees loads no zod.
const notBlank = (message: string) => ({ validate: (value: string) => value.trim() !== '' || message });

/** Only same-site paths, so a crafted link cannot send people elsewhere after signing in. */
function safeRedirect(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : paths.projects;
}

export default function SignInPage() {
  const [search] = useSearchParams();
  const redirect = safeRedirect(search.get('redirect'));
  const { data: user } = useCurrentUser();
  const signIn = useSignIn();
  const info = useSystemInfo().data;
  const form = useForm<{ principal: string; password: string }>({ defaultValues: { principal: '', password: '' } });

  if (user) return <Navigate to={redirect} replace />;
  const submit = form.handleSubmit((input) => signIn.mutate({ ...input, principal: input.principal.trim() }));
  const error = signIn.error ? toApiError(signIn.error) : null;
  const message =
    error?.status === 401 ? 'The username, e-mail or password is not correct.' : error?.message;

  return (
    <PublicPage
      title="Sign in to Berth"
      footer={
        <>
          {info?.password_reset_by_email && <PublicLink to={paths.forgotPassword}>Forgot password?</PublicLink>}
          {info?.self_registration && (
            <span className="text-muted">
              No account? <PublicLink to={paths.signUp}>Sign up</PublicLink>
            </span>
          )}
        </>
      }
    >
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate>
        <Field label="Username or e-mail" autoComplete="username" autoFocus error={form.formState.errors.principal?.message} {...form.register('principal', notBlank('Enter your username or e-mail.'))} />
        <Field label="Password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register('password', { required: 'Enter your password.' })} />
        {message && (
          <p className="text-sm text-danger" role="alert">
            {message}
          </p>
        )}
        <Button variant="primary" type="submit" busy={signIn.isPending} className="mt-1">
          Sign in
        </Button>
      </form>
    </PublicPage>
  );
}
