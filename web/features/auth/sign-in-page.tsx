/**
 * Sign in with a username or e-mail; afterwards, back to the page that asked. "Forgot password?"
 * only when the server can mail a reset link, "Sign up" only while self-registration is open.
 * With OpenID Connect, "Sign in via <provider>" leads to the provider (a full page load: the
 * server redirects); the password form stays for the local admin.
 */
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { PublicLink, PublicPage } from '../../components/layout/public-page';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useCurrentUser, useSignIn } from '../../lib/auth';
import { useSystemInfo } from '../../lib/system-info';

// Two required fields, checked by hand: the first page a visitor sees loads no form library or zod.
interface Missing {
  principal?: string;
  password?: string;
}

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
  const [principal, setPrincipal] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({});

  if (user) return <Navigate to={redirect} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Missing = {
      ...(principal.trim() ? {} : { principal: 'Enter your username or e-mail.' }),
      ...(password ? {} : { password: 'Enter your password.' }),
    };
    setMissing(next);
    if (!next.principal && !next.password) signIn.mutate({ principal: principal.trim(), password });
  };
  const error = signIn.error ? toApiError(signIn.error) : null;
  const oidc = info?.auth_mode === 'oidc_auth';
  const providerName = info?.oidc_provider_name || 'OpenID Connect';
  const message =
    error?.status === 401
      ? 'The username, e-mail or password is not correct.'
      : oidc && error?.status === 403
        ? `Only the local admin signs in with a password here; sign in via ${providerName}.`
        : error?.message;

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
      {oidc && (
        <div className="mb-4 flex flex-col gap-3 border-b border-border pb-4">
          <a
            href={`/c/oidc/login?redirect_url=${encodeURIComponent(redirect)}`}
            className="inline-flex items-center justify-center rounded bg-primary px-3 py-2 text-sm font-medium text-primary-fg hover:opacity-90"
          >
            Sign in via {providerName}
          </a>
          <p className="text-xs text-muted">The local admin account signs in with its password below.</p>
        </div>
      )}
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <Field
          label="Username or e-mail"
          name="principal"
          autoComplete="username"
          autoFocus
          value={principal}
          onChange={(e) => setPrincipal(e.target.value)}
          error={missing.principal}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing.password}
        />
        {message && (
          <p className="text-sm text-danger" role="alert">
            {message}
          </p>
        )}
        <Button variant={oidc ? 'secondary' : 'primary'} type="submit" busy={signIn.isPending} className="mt-1">
          Sign in
        </Button>
      </form>
    </PublicPage>
  );
}
