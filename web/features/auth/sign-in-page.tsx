/** Sign in with a username or e-mail; afterwards, back to the page that asked. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Navigate, useSearchParams } from 'react-router';
import { z } from '../../lib/zod';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useCurrentUser, useSignIn } from '../../lib/auth';

const schema = z.object({
  principal: z.string().trim().min(1, 'Enter your username or e-mail.'),
  password: z.string().min(1, 'Enter your password.'),
});

/** Only same-site paths, so a crafted link cannot send people elsewhere after signing in. */
function safeRedirect(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : paths.projects;
}

export default function SignInPage() {
  const [search] = useSearchParams();
  const redirect = safeRedirect(search.get('redirect'));
  const { data: user } = useCurrentUser();
  const signIn = useSignIn();
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { principal: '', password: '' } });

  if (user) return <Navigate to={redirect} replace />;
  const submit = form.handleSubmit((input) => signIn.mutate(input));
  const error = signIn.error ? toApiError(signIn.error) : null;
  const message =
    error?.status === 401 ? 'The username, e-mail or password is not correct.' : error?.message;

  return (
    <div className="flex min-h-full items-center justify-center bg-header/95 p-4">
      <main className="w-full max-w-sm rounded-lg border border-border bg-surface p-6 shadow-xl">
        <div className="mb-5 flex items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-8 w-8" />
          <h1 className="text-xl font-semibold">Sign in to Berth</h1>
        </div>
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate>
          <Field label="Username or e-mail" autoComplete="username" autoFocus error={form.formState.errors.principal?.message} {...form.register('principal')} />
          <Field label="Password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register('password')} />
          {message && (
            <p className="text-sm text-danger" role="alert">
              {message}
            </p>
          )}
          <Button variant="primary" type="submit" busy={signIn.isPending} className="mt-1">
            Sign in
          </Button>
        </form>
      </main>
    </div>
  );
}
