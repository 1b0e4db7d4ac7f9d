/**
 * The profile's CLI secret (OpenID Connect users): docker and other tools cannot sign in at the
 * provider, so they use this secret as the password. Shown on demand, copied, or replaced by a
 * new random one (the old one stops working at once).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Eye, EyeOff, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/dialog';
import { CopyButton } from '../../components/ui/misc';
import { Panel } from '../../components/ui/panel';
import { api, toApiError } from '../../lib/api-client';
import type { OidcCliSecretRequest, User } from '../../lib/api-types';

const CLI_SECRET_KEY = ['current-user', 'cli-secret'] as const;

/** 32 random characters with the upper and lower case letters and digit the server asks for. */
function randomSecret(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(29));
  return `Aa1${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

export function CliSecretPanel() {
  const client = useQueryClient();
  const me = useQuery({ queryKey: CLI_SECRET_KEY, queryFn: async () => (await api.get<User>('/users/current')).data, staleTime: 0 });
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const regenerate = useMutation({
    mutationFn: (userId: number) => api.put(`/users/${userId}/cli_secret`, { secret: randomSecret() } satisfies OidcCliSecretRequest),
    onSuccess: async () => {
      setConfirming(false);
      setShown(true);
      toast.success('New CLI secret made; the old one no longer works.');
      await client.invalidateQueries({ queryKey: CLI_SECRET_KEY });
    },
  });
  const meta = me.data?.oidc_user_meta;
  if (!me.data || !meta) return null;
  const secret = meta.secret;
  return (
    <Panel title="CLI secret" className="max-w-lg">
      <div className="flex flex-col gap-3 text-sm">
        <p className="text-muted">Docker, Helm and other tools sign in with your username and this secret instead of your provider password.</p>
        <div className="flex items-center gap-2">
          <code aria-label="Your CLI secret" className="min-w-0 flex-1 truncate rounded border border-border bg-surface-2 px-2 py-1 font-mono">
            {secret ? (shown ? secret : '•'.repeat(16)) : 'No secret yet: generate one.'}
          </code>
          {secret && (
            <>
              <button
                type="button"
                onClick={() => setShown(!shown)}
                aria-label={shown ? 'Hide the CLI secret' : 'Show the CLI secret'}
                className="inline-flex h-6 w-6 items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg"
              >
                {shown ? <EyeOff size={14} aria-hidden /> : <Eye size={14} aria-hidden />}
              </button>
              <CopyButton text={secret} label="Copy the CLI secret" />
            </>
          )}
        </div>
        <div>
          <Button onClick={() => (secret ? setConfirming(true) : regenerate.mutate(me.data.user_id))} busy={regenerate.isPending && !confirming}>
            <RefreshCw size={14} aria-hidden /> Generate a new secret
          </Button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Replace the CLI secret?"
        message="The current secret stops working at once: tools signed in with it must sign in again with the new one."
        confirmLabel="Replace secret"
        onConfirm={() => regenerate.mutate(me.data.user_id)}
        busy={regenerate.isPending}
        error={regenerate.error ? toApiError(regenerate.error).message : undefined}
      />
    </Panel>
  );
}
