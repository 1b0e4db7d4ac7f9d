/**
 * First sign-in through OpenID Connect without automatic onboarding (Harbor's /oidc-onboard):
 * the provider has vouched for the person; they choose the username Berth knows them by, then
 * go where they were headed. The validated sign-in waits on the server in a sealed cookie.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PublicLink, PublicPage } from '../../components/layout/public-page';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { paths } from '../../config/paths';
import { sessionApi, toApiError } from '../../lib/api-client';
import { currentUserQuery } from '../../lib/auth';

const localPath = (value: string | null) => (value && value.startsWith('/') && !value.startsWith('//') ? value : paths.projects);

export default function OidcOnboardPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [username, setUsername] = useState(search.get('username') ?? '');
  const [missing, setMissing] = useState<string>();
  const onboard = useMutation({
    mutationFn: async (name: string) => (await sessionApi.post<{ redirect_url: string }>('/oidc/onboard', { username: name })).data,
    onSuccess: async (data) => {
      client.clear();
      await client.fetchQuery(currentUserQuery);
      await navigate(localPath(data.redirect_url), { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    setMissing(name ? undefined : 'Enter the username you want in Berth.');
    if (name) onboard.mutate(name);
  };
  const error = onboard.error ? toApiError(onboard.error) : null;

  return (
    <PublicPage title="Choose your username" footer={<PublicLink to={paths.signIn()}>Back to sign in</PublicLink>}>
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate aria-label="Onboarding">
        <p className="text-sm text-muted">This is your first sign-in to Berth. Choose the username you push and pull with; it cannot change later.</p>
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={missing ?? (error?.field === 'username' || error?.status === 409 ? error.message : undefined)}
        />
        <FormError message={error && error.field !== 'username' && error.status !== 409 ? error.message : undefined} />
        <Button variant="primary" type="submit" busy={onboard.isPending}>
          Continue
        </Button>
      </form>
    </PublicPage>
  );
}
